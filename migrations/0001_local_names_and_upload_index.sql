CREATE UNIQUE INDEX `actors_local_name_unique` ON `actors` (`preferred_username`) WHERE host IS NULL;--> statement-breakpoint
CREATE INDEX `uploads_video_idx` ON `uploads` (`video_id`);