/**
 * A video's privacy moves it into and out of federation, as PeerTube's updateVideoPrivacy does:
 * public → private sends a Delete (B drops its copy), private → public a Create (B has it again),
 * and deleting a video that never federated names it nowhere. A is the suite's instance, B is
 * test/helpers/federated-pair.ts.
 */
import { describe, expect, it } from 'vitest';
import { api, uniqueName } from './helpers/api';
import { seedLocalVideo } from './helpers/seed-videos';
import { apiB, bSubscribes, jobsNaming, POLL, sweep, useFederatedPair, type FederatedPair } from './helpers/federated-pair';
import { newUploader } from './helpers/video-uploads';

/** Polls B's answer for a video until it is `status`. */
async function onB(pair: FederatedPair, uuid: string, status: number) {
  await expect
    .poll(async () => {
      await sweep(pair.aUrl, pair.b.url);
      return (await apiB(pair.b, `/api/v1/videos/${uuid}`)).status;
    }, POLL)
    .toBe(status);
}

describe('privacy changes federate', () => {
  const pair = useFederatedPair();

  it('public → private removes the copy on B; private → public brings it back', async () => {
    const owner = await newUploader();
    const name = uniqueName('privacy_chan');
    const made = await api('/api/v1/video-channels', { method: 'POST', token: owner.token, json: { name, displayName: `${name} display` } });
    expect(made.status).toBe(200);
    const channelId = made.data.videoChannel.id as number;
    await bSubscribes(pair, name);
    const video = await seedLocalVideo({ ...owner, channelId }, {}, 'goes private and back');
    // A seeded video was never announced: making it unlisted, then public, is a Create, then an Update.
    const edit = (privacy: number) => api(`/api/v1/videos/${video.uuid}`, { method: 'PUT', token: owner.token, json: { privacy } });
    expect((await edit(3)).status).toBe(204);
    expect((await edit(1)).status).toBe(204);
    await onB(pair, video.uuid, 200);

    expect((await edit(3)).status).toBe(204);
    await onB(pair, video.uuid, 404);

    expect((await edit(2)).status).toBe(204);
    await onB(pair, video.uuid, 200);
    expect((await apiB(pair.b, `/api/v1/videos/${video.uuid}`)).data.privacy.id).toBe(2);
  });

  it('a video that never federated is named in no Delete when it is deleted', async () => {
    const owner = await newUploader();
    const secret = await seedLocalVideo(owner, { privacy: 3 }, 'private, then deleted');
    const internal = await seedLocalVideo(owner, { privacy: 4 }, 'internal, then deleted');
    for (const v of [secret, internal]) expect((await api(`/api/v1/videos/${v.uuid}`, { method: 'DELETE', token: owner.token })).status).toBe(204);
    expect(await jobsNaming(secret.uuid, 'activitypub-video')).toEqual([]);
    expect(await jobsNaming(internal.uuid, 'activitypub-video')).toEqual([]);
  });
});
