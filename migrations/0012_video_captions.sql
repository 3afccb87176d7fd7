CREATE TABLE `video_captions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`video_id` integer NOT NULL,
	`language` text NOT NULL,
	`filename` text NOT NULL,
	`file_url` text,
	`automatically_generated` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `video_captions_video_language_unique` ON `video_captions` (`video_id`,`language`);--> statement-breakpoint
CREATE UNIQUE INDEX `video_captions_filename_unique` ON `video_captions` (`filename`);