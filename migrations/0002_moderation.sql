CREATE TABLE `abuses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reason` text NOT NULL,
	`predefined_reasons` text,
	`reporter_account_id` integer,
	`flagged_account_id` integer,
	`video_id` integer,
	`state` integer DEFAULT 1 NOT NULL,
	`moderation_comment` text,
	`activity_url` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`reporter_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`flagged_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `abuses_state_idx` ON `abuses` (`state`);--> statement-breakpoint
CREATE UNIQUE INDEX `abuses_activity_unique` ON `abuses` (`activity_url`);--> statement-breakpoint
CREATE TABLE `account_blocks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer,
	`target_account_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`target_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `account_blocks_owner_target_unique` ON `account_blocks` (`account_id`,`target_account_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `account_blocks_instance_target_unique` ON `account_blocks` (`target_account_id`) WHERE account_id IS NULL;--> statement-breakpoint
CREATE TABLE `server_blocks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer,
	`host` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `server_blocks_owner_host_unique` ON `server_blocks` (`account_id`,`host`);--> statement-breakpoint
CREATE UNIQUE INDEX `server_blocks_instance_host_unique` ON `server_blocks` (`host`) WHERE account_id IS NULL;--> statement-breakpoint
CREATE INDEX `inbox_activities_received_idx` ON `inbox_activities` (`received_at`);