import { integer } from 'drizzle-orm/sqlite-core';

/** Creation and update instants, stored as epoch milliseconds. */
export const timestamps = {
  createdAt: integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .$defaultFn(() => new Date()),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
    .notNull()
    .$defaultFn(() => new Date()),
};

export const id = () => integer('id').primaryKey({ autoIncrement: true });
