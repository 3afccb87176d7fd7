CREATE TABLE `actors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`preferred_username` text NOT NULL,
	`host` text,
	`url` text NOT NULL,
	`inbox_url` text NOT NULL,
	`shared_inbox_url` text,
	`outbox_url` text,
	`followers_url` text,
	`following_url` text,
	`public_key_pem` text,
	`private_key_enc` text,
	`followers_count` integer DEFAULT 0 NOT NULL,
	`following_count` integer DEFAULT 0 NOT NULL,
	`avatar_url` text,
	`fetched_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `actors_url_unique` ON `actors` (`url`);--> statement-breakpoint
CREATE UNIQUE INDEX `actors_handle_unique` ON `actors` (`preferred_username`,`host`);--> statement-breakpoint
CREATE INDEX `actors_host_idx` ON `actors` (`host`);--> statement-breakpoint
CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` integer NOT NULL,
	`user_id` integer,
	`name` text NOT NULL,
	`display_name` text NOT NULL,
	`description` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_actor_unique` ON `accounts` (`actor_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_user_unique` ON `accounts` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` integer DEFAULT 2 NOT NULL,
	`video_quota` integer DEFAULT -1 NOT NULL,
	`video_quota_daily` integer DEFAULT -1 NOT NULL,
	`nsfw_policy` text DEFAULT 'do_not_list' NOT NULL,
	`p2p_enabled` integer DEFAULT true NOT NULL,
	`auto_play_video` integer DEFAULT true NOT NULL,
	`email_verified` integer,
	`blocked` integer DEFAULT false NOT NULL,
	`blocked_reason` text,
	`last_login_date` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `video_channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`name` text NOT NULL,
	`display_name` text NOT NULL,
	`description` text,
	`support` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `video_channels_actor_unique` ON `video_channels` (`actor_id`);--> statement-breakpoint
CREATE INDEX `video_channels_account_idx` ON `video_channels` (`account_id`);--> statement-breakpoint
CREATE TABLE `oauth_clients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` text NOT NULL,
	`client_secret` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `oauth_clients_client_id_unique` ON `oauth_clients` (`client_id`);--> statement-breakpoint
CREATE TABLE `oauth_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`access_token_hash` text NOT NULL,
	`refresh_token_hash` text NOT NULL,
	`access_token_expires_at` integer NOT NULL,
	`refresh_token_expires_at` integer NOT NULL,
	`user_id` integer NOT NULL,
	`client_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`client_id`) REFERENCES `oauth_clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `oauth_tokens_access_unique` ON `oauth_tokens` (`access_token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `oauth_tokens_refresh_unique` ON `oauth_tokens` (`refresh_token_hash`);--> statement-breakpoint
CREATE INDEX `oauth_tokens_user_idx` ON `oauth_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `video_tags` (
	`video_id` integer NOT NULL,
	`name` text NOT NULL,
	PRIMARY KEY(`video_id`, `name`),
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `video_tags_name_idx` ON `video_tags` (`name`);--> statement-breakpoint
CREATE TABLE `videos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uuid` text NOT NULL,
	`name` text NOT NULL,
	`channel_id` integer NOT NULL,
	`privacy` integer DEFAULT 1 NOT NULL,
	`category` integer,
	`licence` integer,
	`language` text,
	`description` text,
	`support` text,
	`nsfw` integer DEFAULT false NOT NULL,
	`comments_policy` integer DEFAULT 1 NOT NULL,
	`download_enabled` integer DEFAULT true NOT NULL,
	`wait_transcoding` integer DEFAULT true NOT NULL,
	`state` integer DEFAULT 2 NOT NULL,
	`duration` integer DEFAULT 0 NOT NULL,
	`aspect_ratio` real,
	`views` integer DEFAULT 0 NOT NULL,
	`likes` integer DEFAULT 0 NOT NULL,
	`dislikes` integer DEFAULT 0 NOT NULL,
	`is_local` integer DEFAULT true NOT NULL,
	`url` text NOT NULL,
	`thumbnail_key` text,
	`preview_key` text,
	`thumbnail_url` text,
	`preview_url` text,
	`published_at` integer NOT NULL,
	`originally_published_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `video_channels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `videos_uuid_unique` ON `videos` (`uuid`);--> statement-breakpoint
CREATE UNIQUE INDEX `videos_url_unique` ON `videos` (`url`);--> statement-breakpoint
CREATE INDEX `videos_channel_idx` ON `videos` (`channel_id`);--> statement-breakpoint
CREATE INDEX `videos_list_idx` ON `videos` (`privacy`,`state`,`published_at`);--> statement-breakpoint
CREATE TABLE `video_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`video_id` integer NOT NULL,
	`resolution` integer NOT NULL,
	`width` integer,
	`height` integer,
	`fps` integer DEFAULT -1 NOT NULL,
	`size` integer DEFAULT 0 NOT NULL,
	`bitrate` integer,
	`segments` text,
	`info_hash` text,
	`torrent_key` text,
	`file_url` text,
	`torrent_url` text,
	`magnet_uri` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `video_files_video_resolution_unique` ON `video_files` (`video_id`,`resolution`);--> statement-breakpoint
CREATE INDEX `video_files_info_hash_idx` ON `video_files` (`info_hash`);--> statement-breakpoint
CREATE TABLE `video_streaming_playlists` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`video_id` integer NOT NULL,
	`playlist_url` text,
	`segments_sha256_url` text,
	`complete` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `video_streaming_playlists_video_unique` ON `video_streaming_playlists` (`video_id`);--> statement-breakpoint
CREATE TABLE `uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`metadata` text NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`object_key` text NOT NULL,
	`multipart_upload_id` text,
	`parts` text NOT NULL,
	`expires_at` integer NOT NULL,
	`video_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `uploads_user_idx` ON `uploads` (`user_id`);--> statement-breakpoint
CREATE INDEX `uploads_expires_idx` ON `uploads` (`expires_at`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`state` text DEFAULT 'waiting' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 5 NOT NULL,
	`lease_until` integer,
	`run_at` integer NOT NULL,
	`last_error` text,
	`progress` real,
	`dedupe_key` text,
	`finished_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_dedupe_unique` ON `jobs` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `jobs_state_run_idx` ON `jobs` (`state`,`run_at`);--> statement-breakpoint
CREATE TABLE `comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`video_id` integer NOT NULL,
	`account_id` integer,
	`in_reply_to_comment_id` integer,
	`origin_comment_id` integer,
	`text` text NOT NULL,
	`url` text NOT NULL,
	`deleted_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `comments_url_unique` ON `comments` (`url`);--> statement-breakpoint
CREATE INDEX `comments_video_idx` ON `comments` (`video_id`,`origin_comment_id`);--> statement-breakpoint
CREATE TABLE `follows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`follower_actor_id` integer NOT NULL,
	`following_actor_id` integer NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`activity_url` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`follower_actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`following_actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `follows_pair_unique` ON `follows` (`follower_actor_id`,`following_actor_id`);--> statement-breakpoint
CREATE INDEX `follows_following_idx` ON `follows` (`following_actor_id`,`state`);--> statement-breakpoint
CREATE TABLE `inbox_activities` (
	`activity_id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`actor_url` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`video_id` integer NOT NULL,
	`type` text NOT NULL,
	`url` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rates_account_video_unique` ON `rates` (`account_id`,`video_id`);--> statement-breakpoint
CREATE TABLE `video_views` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`video_id` integer NOT NULL,
	`start_date` integer NOT NULL,
	`views` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `video_views_video_hour_unique` ON `video_views` (`video_id`,`start_date`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
