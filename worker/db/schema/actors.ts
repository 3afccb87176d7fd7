import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './columns';

/**
 * Every ActivityPub actor we know: local accounts, channels and the instance
 * actor, and remote ones we fetched. `host` is null for local actors.
 */
export const actors = sqliteTable(
  'actors',
  {
    id: id(),
    type: text('type', { enum: ['Person', 'Group', 'Application', 'Service', 'Organization'] }).notNull(),
    preferredUsername: text('preferred_username').notNull(),
    host: text('host'),
    url: text('url').notNull(),
    inboxUrl: text('inbox_url').notNull(),
    sharedInboxUrl: text('shared_inbox_url'),
    outboxUrl: text('outbox_url'),
    followersUrl: text('followers_url'),
    followingUrl: text('following_url'),
    publicKeyPem: text('public_key_pem'),
    /** AES-GCM sealed with KEY_ENCRYPTION_SECRET; null for remote actors. */
    privateKeyEnc: text('private_key_enc'),
    followersCount: integer('followers_count').notNull().default(0),
    followingCount: integer('following_count').notNull().default(0),
    /** A remote actor's icon, as its origin serves it. */
    avatarUrl: text('avatar_url'),
    /**
     * A local actor's avatar and banner (PeerTube's actorImage rows, one image each, ADR 0025):
     * the file name under `actor-images/` in R2, served at /lazy-static/avatars|banners/<file>, its
     * size read from the file, and when it was set. A new image gets a new name.
     */
    avatarFile: text('avatar_file'),
    avatarWidth: integer('avatar_width'),
    avatarHeight: integer('avatar_height'),
    avatarAt: integer('avatar_at', { mode: 'timestamp_ms' }),
    bannerFile: text('banner_file'),
    bannerWidth: integer('banner_width'),
    bannerHeight: integer('banner_height'),
    bannerAt: integer('banner_at', { mode: 'timestamp_ms' }),
    /**
     * The sizes the companion made of that image (PeerTube's ACTOR_IMAGES_SIZE, ADR 0025), each
     * stored beside it as `<name>-<width>.<ext>`; null until the resize job has reported.
     */
    avatarSizes: text('avatar_sizes', { mode: 'json' }).$type<ActorImageSize[]>(),
    bannerSizes: text('banner_sizes', { mode: 'json' }).$type<ActorImageSize[]>(),
    /** When a remote actor was last fetched, to refresh stale copies. */
    fetchedAt: integer('fetched_at', { mode: 'timestamp_ms' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('actors_url_unique').on(t.url),
    uniqueIndex('actors_handle_unique').on(t.preferredUsername, t.host),
    // SQLite treats NULLs as distinct, so local names need their own index: one namespace for accounts and channels.
    uniqueIndex('actors_local_name_unique')
      .on(t.preferredUsername)
      .where(sql`host IS NULL`),
    index('actors_host_idx').on(t.host),
  ],
);

/** One resized copy of a local actor's avatar or banner. */
export type ActorImageSize = { width: number; height: number };

export type Actor = typeof actors.$inferSelect;
export type NewActor = typeof actors.$inferInsert;
