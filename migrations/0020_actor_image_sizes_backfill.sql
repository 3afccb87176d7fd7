-- Avatars and banners stored before their sizes existed (ADR 0025): one `actor-image-resize` job each
-- (not for GIFs), left waiting for the cron sweep to send; the job completes without work when no
-- companion is configured. INSERT OR IGNORE: a job already there for the file (dedupe key) stays.
INSERT OR IGNORE INTO `jobs` (`type`, `payload`, `state`, `attempts`, `max_attempts`, `run_at`, `dedupe_key`, `created_at`, `updated_at`)
SELECT 'actor-image-resize', json_object('actorId', `id`, 'type', 'avatar', 'file', `avatar_file`, 'width', `avatar_width`, 'height', `avatar_height`),
  'waiting', 0, 5, 0, 'actor-image-resize:' || `avatar_file`, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000
FROM `actors`
WHERE `host` IS NULL AND `avatar_file` IS NOT NULL AND `avatar_file` NOT LIKE '%.gif' AND `avatar_width` > 0 AND `avatar_height` > 0 AND `avatar_sizes` IS NULL;
--> statement-breakpoint
INSERT OR IGNORE INTO `jobs` (`type`, `payload`, `state`, `attempts`, `max_attempts`, `run_at`, `dedupe_key`, `created_at`, `updated_at`)
SELECT 'actor-image-resize', json_object('actorId', `id`, 'type', 'banner', 'file', `banner_file`, 'width', `banner_width`, 'height', `banner_height`),
  'waiting', 0, 5, 0, 'actor-image-resize:' || `banner_file`, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000
FROM `actors`
WHERE `host` IS NULL AND `banner_file` IS NOT NULL AND `banner_file` NOT LIKE '%.gif' AND `banner_width` > 0 AND `banner_height` > 0 AND `banner_sizes` IS NULL;
