ALTER TABLE `video_streaming_playlists` ADD `files` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `held_for_review` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `comments` ADD `reply_approval` text;