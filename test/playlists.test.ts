/**
 * /video-playlists and the playlist lists, as PeerTube 6.3 answers them
 * (server/core/controllers/api/video-playlist.ts, middlewares/validators/videos/video-playlists.ts).
 */
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { api, instanceUrl, loginAsRoot } from './helpers/api';
import { newUploader, type Uploader } from './helpers/video-uploads';
import { seedLocalVideo } from './helpers/seed-videos';

const host = () => new URL(inject('instanceUrl')).host;
const JPEG = Uint8Array.from(
  Buffer.from(
    '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
    'base64',
  ),
);

let owner: Uploader;
let other: Uploader;
let rootToken: string;
let videos: Array<{ id: number; uuid: string; name: string }>;
let privateVideo: { id: number; uuid: string };

const create = (token: string | undefined, json: Record<string, unknown>) => api('/api/v1/video-playlists', { method: 'POST', token, json });

beforeAll(async () => {
  [owner, other] = await Promise.all([newUploader(), newUploader()]);
  rootToken = await loginAsRoot();
  videos = [];
  for (let i = 0; i < 4; i++) videos.push(await seedLocalVideo(owner, {}, `pl${i}`));
  privateVideo = await seedLocalVideo(other, { privacy: 3 }, 'private');
});

describe('creating and reading playlists', () => {
  let publicId: number;
  let publicUuid: string;

  it('needs a user and valid fields', async () => {
    expect((await create(undefined, { displayName: 'x' })).status).toBe(401);
    for (const body of [{}, { displayName: '' }, { displayName: 'x'.repeat(121) }, { displayName: 'x', privacy: 9 }, { displayName: 'x', description: 'ab' }]) {
      const res = await create(owner.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.data['invalid-params'], JSON.stringify(body)).toBeTruthy();
    }
    const noChannel = await create(owner.token, { displayName: 'x', privacy: 1 });
    expect(noChannel.status).toBe(400);
    expect(noChannel.data.detail).toBe('Cannot set "public" or "unlisted" a playlist that is not assigned to a channel.');
    expect((await create(owner.token, { displayName: 'x', privacy: 1, videoChannelId: other.channelId })).status).toBe(403);
    expect((await create(owner.token, { displayName: 'x', privacy: 1, videoChannelId: 999999 })).status).toBe(404);
  });

  it('creates a public playlist in a channel, with a thumbnail, answered as PeerTube does', async () => {
    const form = new FormData();
    form.append('displayName', 'My public list');
    form.append('description', 'what I like');
    form.append('privacy', '1');
    form.append('videoChannelId', String(owner.channelId));
    form.append('thumbnailfile', new Blob([JPEG], { type: 'image/jpeg' }), 'thumb.jpg');
    const res = await api('/api/v1/video-playlists', { method: 'POST', token: owner.token, body: form });
    expect(res.status).toBe(200);
    expect(Object.keys(res.data.videoPlaylist)).toEqual(['id', 'shortUUID', 'uuid']);
    publicId = res.data.videoPlaylist.id;
    publicUuid = res.data.videoPlaylist.uuid;

    const got = await api(`/api/v1/video-playlists/${res.data.videoPlaylist.shortUUID}`);
    expect(got.status).toBe(200);
    expect(Object.keys(got.data)).toEqual([
      'id',
      'uuid',
      'shortUUID',
      'isLocal',
      'url',
      'displayName',
      'description',
      'privacy',
      'thumbnailPath',
      'embedPath',
      'type',
      'videosLength',
      'createdAt',
      'updatedAt',
      'ownerAccount',
      'videoChannel',
    ]);
    expect(got.data).toMatchObject({
      id: publicId,
      isLocal: true,
      url: instanceUrl(`/video-playlists/${publicUuid}`),
      displayName: 'My public list',
      description: 'what I like',
      privacy: { id: 1, label: 'Public' },
      type: { id: 1, label: 'Regular' },
      videosLength: 0,
      embedPath: `/video-playlists/embed/${publicUuid}`,
      thumbnailPath: `/lazy-static/thumbnails/playlist-${publicUuid}.jpg`,
      ownerAccount: { id: owner.accountId, name: owner.username, host: host() },
      videoChannel: { id: owner.channelId, name: owner.channelName, host: host() },
    });
    const thumb = await fetch(instanceUrl(got.data.thumbnailPath));
    expect(thumb.status).toBe(200);
    expect(Buffer.from(await thumb.arrayBuffer()).equals(Buffer.from(JPEG))).toBe(true);

    const bad = new FormData();
    bad.append('displayName', 'png thumb');
    bad.append('thumbnailfile', new Blob([JPEG], { type: 'image/png' }), 'thumb.png');
    expect((await api('/api/v1/video-playlists', { method: 'POST', token: owner.token, body: bad })).status).toBe(400);
  });

  it('hides private playlists from others and unlisted ones from id lookups', async () => {
    const priv = await create(owner.token, { displayName: 'secret' });
    expect(priv.status).toBe(200);
    const id = priv.data.videoPlaylist.id;
    expect((await api(`/api/v1/video-playlists/${id}`)).status).toBe(403);
    expect((await api(`/api/v1/video-playlists/${id}`, { token: other.token })).status).toBe(403);
    expect((await api(`/api/v1/video-playlists/${id}`, { token: owner.token })).data.privacy).toEqual({ id: 3, label: 'Private' });
    expect((await api(`/api/v1/video-playlists/${id}`, { token: rootToken })).status).toBe(200);

    const unlisted = await create(owner.token, { displayName: 'unlisted', privacy: 2, videoChannelId: owner.channelId });
    expect((await api(`/api/v1/video-playlists/${unlisted.data.videoPlaylist.id}`)).status).toBe(404);
    expect((await api(`/api/v1/video-playlists/${unlisted.data.videoPlaylist.uuid}`)).status).toBe(200);
    expect((await api('/api/v1/video-playlists/not-an-id!')).status).toBe(400);
    expect((await api('/api/v1/video-playlists/999999')).status).toBe(404);
  });

  it('lists public playlists on the instance, the account, the channel and the search', async () => {
    const all = await api('/api/v1/video-playlists?count=100');
    expect(all.status).toBe(200);
    const names = all.data.data.map((p: any) => p.displayName);
    expect(names).toContain('My public list');
    expect(names).not.toContain('secret');
    expect(names).not.toContain('unlisted');

    const account = await api(`/api/v1/accounts/${owner.username}/video-playlists`);
    expect(account.data.data.map((p: any) => p.displayName)).toEqual(['My public list']);
    const mine = await api(`/api/v1/accounts/${owner.username}/video-playlists?count=100`, { token: owner.token });
    expect(mine.data.data.map((p: any) => p.displayName).sort()).toEqual(['My public list', 'Watch later', 'secret', 'unlisted']);
    expect((await api(`/api/v1/accounts/${owner.username}/video-playlists?playlistType=2`, { token: owner.token })).data.data.map((p: any) => p.type)).toEqual([
      { id: 2, label: 'Watch later' },
    ]);

    const channel = await api(`/api/v1/video-channels/${owner.channelName}/video-playlists`);
    expect(channel.data.data.map((p: any) => p.id)).toEqual([publicId]);
    const unknown = await api('/api/v1/video-channels/no_such_channel_here/video-playlists');
    expect(unknown.status).toBe(404);
    expect(unknown.data.detail).toBe('Video channel not found');

    const search = await api('/api/v1/search/video-playlists?search=my%20public');
    expect(search.status).toBe(200);
    expect(search.data.data.map((p: any) => p.id)).toContain(publicId);
    expect((await api('/api/v1/search/video-playlists?search=zzz-none')).data).toEqual({ total: 0, data: [] });
    expect((await api('/api/v1/search/video-playlists?sort=views')).status).toBe(400);
    expect((await api('/api/v1/video-playlists?playlistType=7')).status).toBe(400);
    expect((await api('/api/v1/video-playlists/privacies')).data).toEqual({ 1: 'Public', 2: 'Unlisted', 3: 'Private' });
  });

  it('updates and deletes, for the owner and moderators only', async () => {
    expect((await api(`/api/v1/video-playlists/${publicId}`, { method: 'PUT', token: other.token, json: { displayName: 'taken' } })).status).toBe(403);
    expect((await api(`/api/v1/video-playlists/${publicId}`, { method: 'PUT', json: { displayName: 'taken' } })).status).toBe(401);
    expect((await api(`/api/v1/video-playlists/${publicId}`, { method: 'PUT', token: owner.token, json: { videoChannelId: null } })).status).toBe(400);
    expect((await api(`/api/v1/video-playlists/${publicId}`, { method: 'PUT', token: owner.token, json: { displayName: 'Renamed' } })).status).toBe(204);
    expect((await api(`/api/v1/video-playlists/${publicId}`)).data.displayName).toBe('Renamed');

    const doomed = await create(owner.token, { displayName: 'doomed' });
    expect((await api(`/api/v1/video-playlists/${doomed.data.videoPlaylist.id}`, { method: 'DELETE', token: other.token })).status).toBe(403);
    expect((await api(`/api/v1/video-playlists/${doomed.data.videoPlaylist.id}`, { method: 'DELETE', token: rootToken })).status).toBe(204);
    expect((await api(`/api/v1/video-playlists/${doomed.data.videoPlaylist.id}`, { token: owner.token })).status).toBe(404);
  });
});

describe('elements and watch later', () => {
  let playlistId: number;
  let elementIds: number[];
  const order = async () =>
    (await api(`/api/v1/video-playlists/${playlistId}/videos`, { token: owner.token })).data.data.map((e: any) => e.video?.uuid ?? null);

  it("adds videos at the end, and lists them with PeerTube's element shape", async () => {
    playlistId = (await create(owner.token, { displayName: 'ordered', privacy: 1, videoChannelId: owner.channelId })).data.videoPlaylist.id;
    elementIds = [];
    for (const v of videos) {
      const res = await api(`/api/v1/video-playlists/${playlistId}/videos`, { method: 'POST', token: owner.token, json: { videoId: v.uuid } });
      expect(res.status).toBe(200);
      expect(Object.keys(res.data.videoPlaylistElement)).toEqual(['id']);
      elementIds.push(res.data.videoPlaylistElement.id);
    }
    const list = await api(`/api/v1/video-playlists/${playlistId}/videos`);
    expect(list.data.total).toBe(4);
    expect(Object.keys(list.data.data[0])).toEqual(['id', 'position', 'startTimestamp', 'stopTimestamp', 'type', 'video']);
    expect(list.data.data.map((e: any) => e.position)).toEqual([1, 2, 3, 4]);
    expect(await order()).toEqual(videos.map((v) => v.uuid));
    expect((await api(`/api/v1/video-playlists/${playlistId}`)).data.videosLength).toBe(4);

    expect((await api(`/api/v1/video-playlists/${playlistId}/videos`, { method: 'POST', token: other.token, json: { videoId: videos[0].id } })).status).toBe(
      403,
    );
    expect((await api(`/api/v1/video-playlists/${playlistId}/videos`, { method: 'POST', token: owner.token, json: { videoId: 'nope!' } })).status).toBe(400);
    expect((await api(`/api/v1/video-playlists/${playlistId}/videos`, { method: 'POST', token: owner.token, json: { videoId: 999999 } })).status).toBe(404);
    expect(
      (await api(`/api/v1/video-playlists/${playlistId}/videos`, { method: 'POST', token: owner.token, json: { videoId: videos[0].id, startTimestamp: -1 } }))
        .status,
    ).toBe(400);
  });

  it("reorders, with PeerTube's bounds", async () => {
    const u = videos.map((v) => v.uuid);
    const reorder = (json: Record<string, unknown>) =>
      api(`/api/v1/video-playlists/${playlistId}/videos/reorder`, { method: 'POST', token: owner.token, json });
    expect((await reorder({ startPosition: 1, insertAfterPosition: 3 })).status).toBe(204);
    expect(await order()).toEqual([u[1], u[2], u[0], u[3]]);
    expect((await reorder({ startPosition: 3, insertAfterPosition: 0, reorderLength: 2 })).status).toBe(204);
    expect(await order()).toEqual([u[0], u[3], u[1], u[2]]);
    const tooFar = await reorder({ startPosition: 5, insertAfterPosition: 0 });
    expect(tooFar.status).toBe(400);
    expect(tooFar.data.detail).toBe('Start position or insert after position exceed the playlist limits (max: 4)');
    expect((await reorder({ startPosition: 3, insertAfterPosition: 0, reorderLength: 3 })).data.detail).toBe(
      'Reorder length with this start position exceeds the playlist limits (max: 2)',
    );
    expect((await reorder({ startPosition: 0, insertAfterPosition: 0 })).status).toBe(400);
  });

  it('updates timestamps and removes an element, closing the gap', async () => {
    const el = elementIds[3];
    expect(
      (await api(`/api/v1/video-playlists/${playlistId}/videos/${el}`, { method: 'PUT', token: owner.token, json: { startTimestamp: 3, stopTimestamp: 9 } }))
        .status,
    ).toBe(204);
    const withTs = (await api(`/api/v1/video-playlists/${playlistId}/videos`)).data.data.find((e: any) => e.id === el);
    expect(withTs).toMatchObject({ startTimestamp: 3, stopTimestamp: 9, type: 0 });
    expect((await api(`/api/v1/video-playlists/${playlistId}/videos/${el}`, { method: 'DELETE', token: other.token })).status).toBe(403);
    expect((await api(`/api/v1/video-playlists/${playlistId}/videos/${el}`, { method: 'DELETE', token: owner.token })).status).toBe(204);
    const after = (await api(`/api/v1/video-playlists/${playlistId}/videos`)).data;
    expect(after.total).toBe(3);
    expect(after.data.map((e: any) => e.position)).toEqual([1, 2, 3]);
    expect((await api(`/api/v1/video-playlists/${playlistId}/videos/${el}`, { method: 'DELETE', token: owner.token })).status).toBe(404);
  });

  it('shows a private video of someone else as a private element, without the video', async () => {
    const res = await api(`/api/v1/video-playlists/${playlistId}/videos`, { method: 'POST', token: owner.token, json: { videoId: privateVideo.id } });
    expect(res.status).toBe(200);
    const el = (await api(`/api/v1/video-playlists/${playlistId}/videos`)).data.data.find((e: any) => e.id === res.data.videoPlaylistElement.id);
    expect(el).toMatchObject({ type: 2, video: null });
    const forOwner = (await api(`/api/v1/video-playlists/${playlistId}/videos`, { token: other.token })).data.data.find(
      (e: any) => e.id === res.data.videoPlaylistElement.id,
    );
    expect(forOwner.type).toBe(0);
    expect(forOwner.video.uuid).toBe(privateVideo.uuid);
  });

  it("takes any existing video, as PeerTube's add validator only checks that it exists, and shows what each viewer may see of it", async () => {
    // videoPlaylistsAddVideoValidator: doesVideoExist(…, 'only-video-and-blacklist'), no checkCanSeeVideo;
    // the element's type (VideoPlaylistElement.getType) hides the video instead.
    const unlisted = await seedLocalVideo(other, { privacy: 2 }, 'unlisted');
    const blocked = await seedLocalVideo(other, {}, 'blocked');
    expect((await api(`/api/v1/videos/${blocked.uuid}/blacklist`, { method: 'POST', token: rootToken, json: {} })).status).toBe(204);
    const listId = (await create(owner.token, { displayName: 'any video', privacy: 1, videoChannelId: owner.channelId })).data.videoPlaylist.id;
    const ids: number[] = [];
    for (const videoId of [unlisted.id, blocked.id]) {
      const res = await api(`/api/v1/video-playlists/${listId}/videos`, { method: 'POST', token: owner.token, json: { videoId } });
      expect(res.status).toBe(200);
      ids.push(res.data.videoPlaylistElement.id);
    }
    const seen = async (token?: string) => {
      const { data } = await api(`/api/v1/video-playlists/${listId}/videos`, { token });
      return ids.map((id) => data.data.find((e: any) => e.id === id)).map((e: any) => [e.type, e.video?.uuid ?? null]);
    };
    // An unlisted video is a regular element for anyone; a blocked one is unavailable but to its owner, moderators included.
    for (const token of [undefined, owner.token, rootToken]) {
      expect(await seen(token)).toEqual([
        [0, unlisted.uuid],
        [3, null],
      ]);
    }
    expect(await seen(other.token)).toEqual([
      [0, unlisted.uuid],
      [0, blocked.uuid],
    ]);
  });

  it('gives every user a Watch later, private and neither editable nor deletable, and tells which playlists hold a video', async () => {
    const me = await api('/api/v1/users/me', { token: owner.token });
    expect(me.data.specialPlaylists).toHaveLength(1);
    const wl = me.data.specialPlaylists[0];
    expect(wl).toMatchObject({ name: 'Watch later', type: 2 });
    expect((await api('/api/v1/users/me', { token: owner.token })).data.specialPlaylists[0].id).toBe(wl.id);
    expect((await api(`/api/v1/video-playlists/${wl.id}`)).status).toBe(403);
    expect((await api(`/api/v1/video-playlists/${wl.id}`, { method: 'PUT', token: owner.token, json: { displayName: 'x' } })).data.detail).toBe(
      'Cannot update a watch later playlist.',
    );
    expect((await api(`/api/v1/video-playlists/${wl.id}`, { method: 'DELETE', token: owner.token })).data.detail).toBe('Cannot delete a watch later playlist.');
    const added = await api(`/api/v1/video-playlists/${wl.id}/videos`, { method: 'POST', token: owner.token, json: { videoId: videos[1].id } });
    expect(added.status).toBe(200);

    const exist = await api(`/api/v1/users/me/video-playlists/videos-exist?videoIds=${videos[1].id}&videoIds=${videos[3].id}`, { token: owner.token });
    expect(exist.status).toBe(200);
    expect(exist.data[videos[1].id].map((e: any) => e.playlistId).sort()).toEqual([playlistId, wl.id].sort());
    expect(exist.data[videos[1].id][0]).toEqual(
      expect.objectContaining({ playlistElementId: expect.any(Number), playlistDisplayName: expect.any(String), playlistShortUUID: expect.any(String) }),
    );
    expect(exist.data[videos[3].id]).toEqual([]);
    expect((await api(`/api/v1/users/me/video-playlists/videos-exist?videoIds=${videos[1].id}`, { token: other.token })).data).toEqual({ [videos[1].id]: [] });
    expect((await api('/api/v1/users/me/video-playlists/videos-exist?videoIds=abc', { token: owner.token })).status).toBe(400);
    expect((await api(`/api/v1/users/me/video-playlists/videos-exist?videoIds=${videos[1].id}`)).status).toBe(401);
  });

  it("serves a public playlist as PeerTube's Playlist object, with its PlaylistElements, and never a private one", async () => {
    const AP = { accept: 'application/activity+json' };
    const uuid = (await api(`/api/v1/video-playlists/${playlistId}`)).data.uuid;
    const object = await api(`/video-playlists/${uuid}`, { headers: AP });
    expect(object.status).toBe(200);
    expect(object.headers.get('content-type')).toMatch(/^application\/activity\+json/);
    expect(object.data).toMatchObject({
      id: instanceUrl(`/video-playlists/${uuid}`),
      type: 'Playlist',
      totalItems: 4,
      first: instanceUrl(`/video-playlists/${uuid}?page=1`),
      name: 'ordered',
      mediaType: 'text/markdown',
      uuid,
      attributedTo: [instanceUrl(`/video-channels/${owner.channelName}`)],
    });
    const page = await api(`/video-playlists/${uuid}?page=1`, { headers: AP });
    expect(page.data.type).toBe('OrderedCollectionPage');
    expect(page.data.orderedItems).toHaveLength(4);
    const element = await api(new URL(page.data.orderedItems[0]).pathname, { headers: AP });
    expect(element.status).toBe(200);
    expect(element.data).toMatchObject({
      id: page.data.orderedItems[0],
      type: 'PlaylistElement',
      url: instanceUrl(`/videos/watch/${videos[0].uuid}`),
      position: 1,
    });
    const secret = await create(owner.token, { displayName: 'not federated' });
    expect((await api(`/video-playlists/${secret.data.videoPlaylist.uuid}`, { headers: AP })).status).toBe(404);
  });
});
