/**
 * Avatars and banners of local accounts and channels (PeerTube's lib/local-actor.ts,
 * updateLocalActorImageFiles and deleteLocalActorImageFile). The file is checked as PeerTube's
 * updateAvatarValidator/updateBannerValidator check it, then stored in R2 under a new name and
 * shown at once; a job in the same batch has the companion make PeerTube's sizes of it (ADR 0025,
 * services/actor-image-resize.ts). An `actor-updated` event in the same batch makes the outbox send
 * Update(actor) to its followers.
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { accounts, actors, type Actor } from '../db/schema';
import { ApiError } from '../errors';
import { batchWithJobs, type JobInsert, type JobQueue } from '../jobs/store';
import { sniffImage, type ImageKind } from '../media/image-sniff';
import { actorImageKey } from '../media/urls';
import { localActorImage, serializeActorImages, urlTag, type ActorImageJson, type ActorImageType } from '../serializers/actor';
import { IMAGE_EXTENSIONS } from './server-config';
import { resizeJob, sizeKeys } from './actor-image-resize';
import { socialEvent } from './social-events';
import { readUploadedFile } from './uploaded-file';

/** PeerTube's CONSTRAINTS_FIELDS.ACTORS.IMAGE.FILE_SIZE.max, which /config gives as `avatar.file.size.max`. */
export const MAX_ACTOR_IMAGE_SIZE = 4 * 1024 * 1024;

/** PeerTube's isActorImageFile: `image/(png|jpeg|jpg|gif|webp)`, from CONSTRAINTS_FIELDS.ACTORS.IMAGE.EXTNAME. */
const MIME_TYPE = new RegExp(`^image/(${IMAGE_EXTENSIONS.map((e) => e.slice(1)).join('|')})$`, 'i');

/** PeerTube's updateActorImageValidatorFactory message, for a missing, too large or refused file. */
const FILE_MESSAGE = `This file is not supported or too large. Please, make sure it is of the following type : ${IMAGE_EXTENSIONS.join(', ')}`;

export const imageField = (type: ActorImageType) => (type === 'avatar' ? 'avatarfile' : 'bannerfile');

export type ActorImageUpload = { bytes: Uint8Array; kind: ImageKind };

/**
 * Reads `avatarfile` or `bannerfile` from a multipart body: 400 `invalid-params` with PeerTube's
 * message when it is missing, over {@link MAX_ACTOR_IMAGE_SIZE}, of a type PeerTube refuses, or
 * (beyond PeerTube, which would fail later) not an image its bytes show to be PNG, JPEG, GIF or WebP.
 */
export async function readActorImageUpload(
  body: ReadableStream<Uint8Array> | null,
  contentType: string | undefined,
  type: ActorImageType,
): Promise<ActorImageUpload> {
  const accepts = (t: string) => MIME_TYPE.test(t.trim());
  return checkedImage(type, await readUploadedFile(body, contentType, imageField(type), { max: MAX_ACTOR_IMAGE_SIZE, accepts }));
}

/** The same checks for a file a page's form sent (Hono's parseBody gives a File, or a string, or nothing). */
export async function readActorImageFile(value: unknown, type: ActorImageType): Promise<ActorImageUpload> {
  const ok = value instanceof File && value.size <= MAX_ACTOR_IMAGE_SIZE && MIME_TYPE.test(value.type);
  return checkedImage(type, ok ? { bytes: new Uint8Array(await value.arrayBuffer()) } : null);
}

function checkedImage(type: ActorImageType, file: { bytes: Uint8Array } | null): ActorImageUpload {
  const field = imageField(type);
  const kind = file && sniffImage(file.bytes);
  if (!file || !kind) throw ApiError.invalidParams({ [field]: { type: 'field', msg: FILE_MESSAGE, path: field, location: 'body' } });
  return { bytes: file.bytes, kind };
}

type ImageDeps = { db: Db; config: Config; bucket: R2Bucket; queue: JobQueue };

/** The image's columns; its sizes are none until the resize job reports them. */
function imageColumns(type: ActorImageType, image: { file: string; width: number; height: number; at: Date } | null) {
  const v = image ?? { file: null, width: null, height: null, at: null };
  return type === 'avatar'
    ? { avatarFile: v.file, avatarWidth: v.width, avatarHeight: v.height, avatarAt: v.at, avatarSizes: null }
    : { bannerFile: v.file, bannerWidth: v.width, bannerHeight: v.height, bannerAt: v.at, bannerSizes: null };
}

/**
 * Points the actor at its new image (or none), and records the Update for its followers and the
 * job that resizes the new image, in one batch.
 */
async function writeActorImage(deps: ImageDeps, actor: Actor, type: ActorImageType, image: Parameters<typeof imageColumns>[1], resize: JobInsert | null) {
  const now = new Date();
  const [rows] = (await batchWithJobs(
    deps.db,
    deps.queue,
    [
      deps.db
        .update(actors)
        .set({ ...imageColumns(type, image), updatedAt: now })
        .where(eq(actors.id, actor.id))
        .returning(),
    ],
    [socialEvent(deps.db, { event: 'actor-updated', actorId: actor.id }), ...(resize ? [resize] : [])],
  )) as [Actor[]];
  // The old file and its sizes: nothing points at them any more. Their URLs were immutable, so edges may still hold them.
  const old = actorImageKeys(actor, type);
  if (old.length) await deps.bucket.delete(old);
  return rows[0];
}

/** The R2 keys of a local actor's avatar or banner and of the sizes made of it; none without one. */
export function actorImageKeys(actor: Actor, type: ActorImageType): string[] {
  const image = localActorImage(actor, type);
  return image ? [actorImageKey(type, image.file), ...sizeKeys(type, image)] : [];
}

/** The columns of an actor without avatar nor banner. */
export const noActorImages = () => ({ ...imageColumns('avatar', null), ...imageColumns('banner', null) });

/** Stores a new avatar or banner for a local actor; answers PeerTube's `avatars` or `banners` list. */
export async function setActorImage(deps: ImageDeps, actor: Actor, type: ActorImageType, upload: ActorImageUpload): Promise<ActorImageJson[]> {
  const { kind, bytes } = upload;
  const file = `${crypto.randomUUID()}${kind.extension}`;
  await deps.bucket.put(actorImageKey(type, file), bytes, { httpMetadata: { contentType: kind.mediaType } });
  const resize = resizeJob(deps.db, deps.config, actor, type, file, kind);
  const updated = await writeActorImage(deps, actor, type, { file, width: kind.width, height: kind.height, at: new Date() }, resize);
  return serializeActorImages(updated, deps.config, type);
}

/** Removes a local actor's avatar or banner (nothing to do when it has none, as in PeerTube). */
export async function deleteActorImage(deps: ImageDeps, actor: Actor, type: ActorImageType): Promise<void> {
  if (!localActorImage(actor, type)) return;
  await writeActorImage(deps, actor, type, null, null);
}

/** The actor of the viewer's own account (PeerTube's /users/me/avatar routes). */
export async function findAccountActor(db: Db, accountId: number): Promise<Actor> {
  const [row] = await db.select({ actor: actors }).from(accounts).innerJoin(actors, eq(actors.id, accounts.actorId)).where(eq(accounts.id, accountId)).limit(1);
  if (!row) throw ApiError.notFound('Account not found');
  return row.actor;
}

/** The icon URL of the remote actor a proxy path names (`r<id>-<tag>`), when the tag is still its URL's. */
export async function findRemoteAvatarUrl(db: Db, actorId: number, tag: string): Promise<string | null> {
  const [row] = await db
    .select({ url: actors.avatarUrl })
    .from(actors)
    .where(and(eq(actors.id, actorId), isNotNull(actors.host)))
    .limit(1);
  return row?.url && urlTag(row.url) === tag ? row.url : null;
}
