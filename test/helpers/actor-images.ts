import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { and, eq, inArray } from 'drizzle-orm';
import * as schema from '../../worker/db/schema';
import { testDb, waitFor } from './internal';

/** The uploaded file an image path names (`/lazy-static/avatars/<uuid>.png` → `<uuid>.png`). */
export const imageFile = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * Waits (bounded) until the resize job of an uploaded avatar or banner has ended (ADR 0025), and
 * answers its state; `none` when no job was queued (a GIF). After it, reads show the final list.
 */
export async function settleResize(path: string, timeoutMs = 60_000): Promise<'completed' | 'failed' | 'none'> {
  const { db, close } = testDb();
  try {
    return await waitFor(
      `the resize job of ${path}`,
      async () => {
        const [job] = await db
          .select({ state: schema.jobs.state })
          .from(schema.jobs)
          .where(eq(schema.jobs.dedupeKey, `actor-image-resize:${imageFile(path)}`));
        if (!job) return 'none' as const;
        return job.state === 'completed' || job.state === 'failed' ? job.state : undefined;
      },
      { timeoutMs, intervalMs: 100 },
    );
  } finally {
    close();
  }
}

/** Waits (bounded) until no resize job is left to run or running: for tests that do not know the file names. */
export async function settleAllResizes(timeoutMs = 60_000): Promise<void> {
  const { db, close } = testDb();
  try {
    await waitFor(
      'every actor image resize job',
      async () => {
        const pending = await db
          .select({ id: schema.jobs.id })
          .from(schema.jobs)
          .where(and(eq(schema.jobs.type, 'actor-image-resize'), inArray(schema.jobs.state, ['waiting', 'active', 'delayed'])))
          .limit(1);
        return pending.length === 0;
      },
      { timeoutMs, intervalMs: 100 },
    );
  } finally {
    close();
  }
}

/** The width and height ffprobe decodes from an image's bytes. */
export async function decodedSize(bytes: Uint8Array): Promise<{ width: number; height: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'edgetube-decode-'));
  try {
    const file = join(dir, 'image');
    await writeFile(file, bytes);
    const { stdout } = await promisify(execFile)('/usr/bin/ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'json', file]);
    const [stream] = (JSON.parse(stdout) as { streams: { width: number; height: number }[] }).streams;
    return { width: stream.width, height: stream.height };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
