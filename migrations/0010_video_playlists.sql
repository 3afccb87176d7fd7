CREATE TABLE `video_playlist_elements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`playlist_id` integer NOT NULL,
	`video_id` integer,
	`position` integer NOT NULL,
	`start_timestamp` integer,
	`stop_timestamp` integer,
	`url` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`playlist_id`) REFERENCES `video_playlists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `video_playlist_elements_playlist_idx` ON `video_playlist_elements` (`playlist_id`,`position`);--> statement-breakpoint
CREATE INDEX `video_playlist_elements_video_idx` ON `video_playlist_elements` (`video_id`);--> statement-breakpoint
CREATE TABLE `video_playlists` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uuid` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`privacy` integer DEFAULT 3 NOT NULL,
	`type` integer DEFAULT 1 NOT NULL,
	`owner_account_id` integer NOT NULL,
	`channel_id` integer,
	`is_local` integer DEFAULT true NOT NULL,
	`url` text NOT NULL,
	`thumbnail_key` text,
	`thumbnail_url` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`channel_id`) REFERENCES `video_channels`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `video_playlists_uuid_unique` ON `video_playlists` (`uuid`);--> statement-breakpoint
CREATE UNIQUE INDEX `video_playlists_url_unique` ON `video_playlists` (`url`);--> statement-breakpoint
CREATE INDEX `video_playlists_owner_idx` ON `video_playlists` (`owner_account_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `video_playlists_watch_later_unique` ON `video_playlists` (`owner_account_id`) WHERE type = 2;