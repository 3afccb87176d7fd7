ALTER TABLE `actors` ADD `avatar_file` text;--> statement-breakpoint
ALTER TABLE `actors` ADD `avatar_width` integer;--> statement-breakpoint
ALTER TABLE `actors` ADD `avatar_height` integer;--> statement-breakpoint
ALTER TABLE `actors` ADD `avatar_at` integer;--> statement-breakpoint
ALTER TABLE `actors` ADD `banner_file` text;--> statement-breakpoint
ALTER TABLE `actors` ADD `banner_width` integer;--> statement-breakpoint
ALTER TABLE `actors` ADD `banner_height` integer;--> statement-breakpoint
ALTER TABLE `actors` ADD `banner_at` integer;