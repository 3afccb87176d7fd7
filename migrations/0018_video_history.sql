CREATE TABLE `user_video_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`video_id` integer NOT NULL,
	`position_seconds` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_video_history_user_video_unique` ON `user_video_history` (`user_id`,`video_id`);--> statement-breakpoint
CREATE INDEX `user_video_history_user_updated_idx` ON `user_video_history` (`user_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `user_video_history_video_idx` ON `user_video_history` (`video_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `videos_history_enabled` integer DEFAULT true NOT NULL;