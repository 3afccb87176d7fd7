import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { timestamps } from './columns';
import { users } from './users';

/** A resumable upload session, streaming into an R2 multipart upload. */
export const uploads = sqliteTable(
  'uploads',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Validated video metadata, JSON. */
    metadata: text('metadata', { mode: 'json' }).notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    received: integer('received').notNull().default(0),
    objectKey: text('object_key').notNull(),
    multipartUploadId: text('multipart_upload_id'),
    /** JSON: [{ partNumber, etag, size }]. */
    parts: text('parts', { mode: 'json' })
      .$type<Array<{ partNumber: number; etag: string; size: number }>>()
      .notNull()
      .$defaultFn(() => []),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    videoId: integer('video_id'),
    ...timestamps,
  },
  (t) => [index('uploads_user_idx').on(t.userId), index('uploads_expires_idx').on(t.expiresAt), index('uploads_video_idx').on(t.videoId)],
);

export type Upload = typeof uploads.$inferSelect;
export type NewUpload = typeof uploads.$inferInsert;
