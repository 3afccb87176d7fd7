CREATE TABLE `abuse_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`abuse_id` integer NOT NULL,
	`account_id` integer,
	`message` text NOT NULL,
	`by_moderator` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`abuse_id`) REFERENCES `abuses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `abuse_messages_abuse_idx` ON `abuse_messages` (`abuse_id`);--> statement-breakpoint
ALTER TABLE `abuses` ADD `processed_at` integer;