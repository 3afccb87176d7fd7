CREATE TABLE `remote_hosts` (
	`host` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`unreachable_until` integer,
	`last_error` text,
	`updated_at` integer NOT NULL
);
