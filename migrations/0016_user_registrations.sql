CREATE TABLE `user_registrations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`state` integer DEFAULT 1 NOT NULL,
	`registration_reason` text NOT NULL,
	`moderation_response` text,
	`password_hash` text NOT NULL,
	`username` text NOT NULL,
	`email` text NOT NULL,
	`email_verified` integer,
	`account_display_name` text,
	`channel_handle` text,
	`channel_display_name` text,
	`processed_at` integer,
	`user_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_registrations_username_unique` ON `user_registrations` (`username`);--> statement-breakpoint
CREATE UNIQUE INDEX `user_registrations_email_unique` ON `user_registrations` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `user_registrations_channel_handle_unique` ON `user_registrations` (`channel_handle`);--> statement-breakpoint
CREATE UNIQUE INDEX `user_registrations_user_unique` ON `user_registrations` (`user_id`);--> statement-breakpoint
CREATE INDEX `user_registrations_created_idx` ON `user_registrations` (`created_at`);--> statement-breakpoint
ALTER TABLE `user_notifications` ADD `user_registration_id` integer REFERENCES user_registrations(id) ON DELETE cascade;