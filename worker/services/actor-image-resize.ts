/**
 * The sizes of local avatars and banners (ADR 0025). Storing a new image queues an
 * `actor-image-resize` job in the same batch; the companion makes PeerTube's sizes from it
 * (transcoder/actor-image-job.ts) and reports them, and only then does the actor row list them.
 * Until then, and for good when the job fails, the uploaded image is the only one shown.
 */
import { and, eq } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { actors, type Actor } from '../db/schema';
import { ApiError } from '../errors';
import type { ActorImageRequest, ResizedReport } from '../jobs/companion-protocol';
import { jobInsert, type JobInsert } from '../jobs/store';
import type { ActorImageResizePayload } from '../jobs/types';
import { resizeTargets, sizedFile } from '../media/actor-image-sizes';
import type { ImageKind } from '../media/image-sniff';
import { actorImageKey } from '../media/urls';
import type { ActorImageType } from '../serializers/actor';

export const RESIZE_JOB = 'actor-image-resize' as const;

const RESIZABLE: Record<string, ActorImageRequest['input']['mediaType']> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp' };

/**
 * The job that resizes a newly stored image, or null: an animated GIF stays as uploaded (as
 * PeerTube would, we would need ffmpeg's GIF palette work for little gain), and without a
 * companion there is nobody to resize.
 */
export function resizeJob(db: Db, config: Config, actor: Actor, type: ActorImageType, file: string, kind: ImageKind): JobInsert | null {
  if (!RESIZABLE[kind.extension] || !config.companion.urls.length) return null;
  const payload: ActorImageResizePayload = { actorId: actor.id, type, file, width: kind.width, height: kind.height };
  return jobInsert(db, { type: RESIZE_JOB, payload, dedupeKey: `${RESIZE_JOB}:${file}` });
}

/** The R2 keys of every size an image could have (made or not, so a half-done job leaves nothing behind). */
export function sizeKeys(type: ActorImageType, image: { file: string; width: number; height: number }): string[] {
  return resizeTargets(type, image.width, image.height).map((t) => actorImageKey(type, sizedFile(image.file, t.width)));
}

/** What the companion is asked to make for one job. */
export function buildResizeRequest(job: { id: number; attempts: number; payload: ActorImageResizePayload }): ActorImageRequest {
  const { type, file, width, height } = job.payload;
  const mediaType = RESIZABLE[file.slice(file.lastIndexOf('.'))];
  if (!mediaType) throw new Error(`${file} is not an image the companion resizes`);
  return {
    jobId: job.id,
    attempt: job.attempts,
    type: RESIZE_JOB,
    input: { key: actorImageKey(type, file), mediaType },
    outputs: resizeTargets(type, width, height).map((t) => ({ key: actorImageKey(type, sizedFile(file, t.width)), ...t })),
  };
}

/** The actor the job is for, when its image is still the one the job resizes (else null). */
export async function currentImageOf(db: Db, payload: ActorImageResizePayload) {
  const file = payload.type === 'avatar' ? actors.avatarFile : actors.bannerFile;
  const sizes = payload.type === 'avatar' ? actors.avatarSizes : actors.bannerSizes;
  const [row] = await db
    .select({ sizes })
    .from(actors)
    .where(and(eq(actors.id, payload.actorId), eq(file, payload.file)))
    .limit(1);
  return row ? { sizes: row.sizes } : null;
}

/**
 * Records the sizes the companion stored, on the row, only if it still names the image the job
 * resized: the whole list is written at once, so a repeated report writes the same list again.
 * When the image was replaced or removed meanwhile, the sizes just stored are deleted.
 */
export async function recordResizedImages(db: Db, bucket: R2Bucket, payload: ActorImageResizePayload, report: ResizedReport): Promise<boolean> {
  const expected = buildResizeRequest({ id: 1, attempts: 1, payload }).outputs;
  const same =
    report.outputs.length === expected.length &&
    expected.every((e, i) => report.outputs[i].key === e.key && report.outputs[i].width === e.width && report.outputs[i].height === e.height);
  if (!same) throw ApiError.badRequest('the outputs are not the sizes this job asked for');
  const sizes = expected.map((e) => ({ width: e.width, height: e.height }));
  const column = payload.type === 'avatar' ? { avatarSizes: sizes } : { bannerSizes: sizes };
  const file = payload.type === 'avatar' ? actors.avatarFile : actors.bannerFile;
  const rows = await db
    .update(actors)
    .set(column)
    .where(and(eq(actors.id, payload.actorId), eq(file, payload.file)))
    .returning({ id: actors.id });
  if (rows.length) return true;
  await bucket.delete(expected.map((e) => e.key));
  return false;
}
