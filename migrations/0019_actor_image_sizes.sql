ALTER TABLE `actors` ADD `avatar_sizes` text;--> statement-breakpoint
ALTER TABLE `actors` ADD `banner_sizes` text;