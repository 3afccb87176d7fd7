CREATE TABLE `companions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`url` text NOT NULL,
	`version` text NOT NULL,
	`ffmpeg` text,
	`pid` integer,
	`active_jobs` integer DEFAULT 0 NOT NULL,
	`concurrency` integer DEFAULT 1 NOT NULL,
	`disk_free_bytes` integer,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `companions_url_unique` ON `companions` (`url`);