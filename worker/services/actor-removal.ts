/**
 * Removal of local actors: the channel of DELETE /video-channels/{handle}, the account and
 * channels of a deleted user. As in PeerTube (VideoChannelModel and AccountModel's BeforeDestroy
 * hooks), each one's follows go and a Delete of the actor is sent to those who followed it and to
 * the instance's followers. The actor row itself stays, as PeerTube keeps it: its name is not given
 * again ("already exists or has already existed"), and its key signs the Delete's deliveries, which
 * load the sender by id when they run (jobs/types.ts, DeliverJobPayload: no key in a payload).
 * Without its account or channel, the row answers nowhere (federation/local-actors.ts).
 * The videos of the removed channels go through the foreign keys; their media, and the actors'
 * images, leave R2 through `media-removal` jobs queued in the same batch, with the functions
 * DELETE /videos/{id} and DELETE …/avatar use.
 */
import { inArray, or } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../db/client';
import { actors, follows, videoChannels, videos } from '../db/schema';
import { batchWithJobs, jobInsert, type JobInsert, type JobQueue } from '../jobs/store';
import { deliveryInboxes, remoteFollowers } from '../federation/outbox/recipients';
import { findInstanceActor } from '../federation/local-actors';
import { socialEvent } from './social-events';
import { followRecounts } from './follows';
import { uploadsRemoval, videoMediaOf, type VideoMedia } from './videos';
import { actorImageKeys, noActorImages } from './actor-images';

export type RemovalDeps = { db: Db; queue: JobQueue };

export type RemovedActor = { actorId: number; /** For an account: its channels' actors, whose followers got its videos too. */ channelActorIds?: number[] };

/**
 * Runs `rowWrites` (the caller's deletes of channels, account, user) in one batch with the end of
 * `removed` actors' follows, their images' columns cleared, and a Delete event per actor that had
 * followers (read now: the batch drops them), and the jobs that remove the R2 objects nothing points at any more.
 */
export async function removeLocalActors(deps: RemovalDeps, removed: RemovedActor[], rowWrites: BatchItem<'sqlite'>[]): Promise<void> {
  const { db } = deps;
  const ids = removed.map((r) => r.actorId);
  if (!ids.length) {
    if (rowWrites.length) await db.batch(rowWrites as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
    return;
  }
  const events = await deleteEvents(db, removed);
  const mine = or(inArray(follows.followerActorId, ids), inArray(follows.followingActorId, ids));
  // The other side of each follow (a local subscriber, a followed channel) gets its counts again.
  const ends = await db.select({ a: follows.followerActorId, b: follows.followingActorId }).from(follows).where(mine);
  const others = ends.flatMap((f) => [f.a, f.b]).filter((id) => !ids.includes(id));
  const removedActors = await db.select().from(actors).where(inArray(actors.id, ids));
  const media = await videoMediaOf(
    db,
    inArray(videos.channelId, db.select({ id: videoChannels.id }).from(videoChannels).where(inArray(videoChannels.actorId, ids))),
  );
  const images = removedActors.flatMap((a) => [...actorImageKeys(a, 'avatar'), ...actorImageKeys(a, 'banner')]);
  await batchWithJobs(
    db,
    deps.queue,
    [
      uploadsRemoval(db, media),
      ...rowWrites,
      db.delete(follows).where(mine),
      ...followRecounts(db, [...ids, ...others]),
      db.update(actors).set(noActorImages()).where(inArray(actors.id, ids)),
    ],
    [...events, ...mediaRemovalJobs(db, media, images)],
  );
}

/**
 * The R2 objects the batch leaves behind, removed by jobs (jobs/handlers/media-removal.ts) with the
 * function DELETE /videos/{id} uses: one job per video, so a channel of any size is removed in
 * bounded steps, each retried on its own; one for the actors' images.
 */
function mediaRemovalJobs(db: Db, media: VideoMedia, images: string[]): JobInsert[] {
  const jobs = media.videoIds.map((id, i) => {
    const multipart = media.sessions.flatMap((s) => (s.videoId === id && s.multipartUploadId ? [{ key: s.objectKey, uploadId: s.multipartUploadId }] : []));
    return jobInsert(db, { type: 'media-removal', payload: { videoUuid: media.uuids[i], ...(multipart.length ? { multipart } : {}) } });
  });
  if (images.length) jobs.push(jobInsert(db, { type: 'media-removal', payload: { keys: images } }));
  return jobs;
}

async function deleteEvents(db: Db, removed: RemovedActor[]): Promise<JobInsert[]> {
  const instance = await findInstanceActor(db);
  const instanceFollowers = instance ? await remoteFollowers(db, instance.id) : [];
  const events: JobInsert[] = [];
  for (const r of removed) {
    const followers = (await Promise.all([r.actorId, ...(r.channelActorIds ?? [])].map((id) => remoteFollowers(db, id)))).flat();
    const inboxes = deliveryInboxes([...followers, ...instanceFollowers]);
    if (inboxes.length) events.push(socialEvent(db, { event: 'actor-deleted', actorId: r.actorId, inboxes }));
  }
  return events;
}
