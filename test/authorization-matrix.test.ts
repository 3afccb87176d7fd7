import { beforeAll, describe, expect, it } from 'vitest';
import { api, login, loginAsRoot, uniqueName } from './helpers/api';
import { seedLocalVideo } from './helpers/seed-videos';
import { newUploader, type Uploader } from './helpers/video-uploads';

/**
 * Who may change what (issue 13): every state-changing endpoint, crossed with anonymous, another
 * user, the owner of what it changes, a moderator and an admin. The cells follow PeerTube 6.3's
 * rights (packages/core-utils/src/users/user-role.ts): moderators hold MANAGE_VIDEO_BLACKLIST,
 * MANAGE_ABUSES, MANAGE_ANY_VIDEO_CHANNEL, REMOVE_ANY_VIDEO, UPDATE_ANY_VIDEO,
 * MANAGE_ANY_VIDEO_COMMENT, MANAGE_SERVERS_BLOCKLIST and MANAGE_USERS; admins hold all.
 * A 400 in a cell means the request got past authorization to validation.
 */
type Actor = 'anonymous' | 'other' | 'owner' | 'moderator' | 'admin';
const ACTORS: Actor[] = ['anonymous', 'other', 'owner', 'moderator', 'admin'];

type Request = { method: string; path: string; json?: unknown };
type Row = {
  endpoint: string;
  /** Builds the request for one cell, on resources of `owner` made for that cell alone. */
  prepare: (owner: Uploader) => Promise<Request>;
  expected: Record<Actor, number>;
  /** The request uses up its owner (a deleted user): a new one for each cell. */
  freshOwner?: boolean;
};

let tokens: Record<Exclude<Actor, 'anonymous' | 'owner'>, string>;
/** Another user, whose videos are commented on and who reports. */
let bystander: Uploader;

async function newModerator() {
  const username = uniqueName('mx');
  const res = await api('/api/v1/users', {
    method: 'POST',
    token: tokens.admin,
    json: { username, email: `${username}@example.com`, password: 'matrix-password', role: 1, videoQuota: -1, videoQuotaDaily: -1 },
  });
  expect(res.status).toBe(200);
  return login(username, 'matrix-password');
}

const video = async (owner: Uploader) => seedLocalVideo(owner, {}, 'matrix');
async function extraChannel(owner: Uploader) {
  const name = uniqueName('mxchan');
  expect((await api('/api/v1/video-channels', { method: 'POST', token: owner.token, json: { name, displayName: 'Matrix channel' } })).status).toBe(200);
  return name;
}
async function commentOf(owner: Uploader) {
  const v = await video(bystander);
  const res = await api(`/api/v1/videos/${v.uuid}/comment-threads`, { method: 'POST', token: owner.token, json: { text: 'a comment to delete' } });
  expect(res.status).toBe(200);
  return { uuid: v.uuid, id: res.data.comment.id as number };
}
async function abuseAgainst(owner: Uploader) {
  const v = await video(owner);
  const res = await api('/api/v1/abuses', { method: 'POST', token: bystander.token, json: { reason: 'matrix report', video: { id: v.id } } });
  expect(res.status).toBe(200);
  return res.data.abuse.id as number;
}

const ROWS: Row[] = [
  {
    endpoint: 'PUT /videos/{id}',
    prepare: async (o) => ({ method: 'PUT', path: `/api/v1/videos/${(await video(o)).uuid}`, json: { name: 'renamed by matrix' } }),
    expected: { anonymous: 401, other: 403, owner: 204, moderator: 204, admin: 204 },
  },
  {
    endpoint: 'DELETE /videos/{id}',
    prepare: async (o) => ({ method: 'DELETE', path: `/api/v1/videos/${(await video(o)).uuid}` }),
    expected: { anonymous: 401, other: 403, owner: 204, moderator: 204, admin: 204 },
  },
  {
    endpoint: 'POST /videos/{id}/blacklist',
    prepare: async (o) => ({ method: 'POST', path: `/api/v1/videos/${(await video(o)).uuid}/blacklist`, json: {} }),
    expected: { anonymous: 401, other: 403, owner: 403, moderator: 204, admin: 204 },
  },
  {
    endpoint: 'PUT /videos/{id}/rate',
    prepare: async (o) => ({ method: 'PUT', path: `/api/v1/videos/${(await video(o)).uuid}/rate`, json: { rating: 'like' } }),
    expected: { anonymous: 401, other: 204, owner: 204, moderator: 204, admin: 204 },
  },
  {
    endpoint: 'POST /videos/{id}/comment-threads',
    prepare: async (o) => ({ method: 'POST', path: `/api/v1/videos/${(await video(o)).uuid}/comment-threads`, json: { text: 'hello' } }),
    expected: { anonymous: 401, other: 200, owner: 200, moderator: 200, admin: 200 },
  },
  {
    endpoint: 'DELETE /videos/{id}/comments/{commentId}',
    prepare: async (o) => {
      const c = await commentOf(o);
      return { method: 'DELETE', path: `/api/v1/videos/${c.uuid}/comments/${c.id}` };
    },
    expected: { anonymous: 401, other: 403, owner: 204, moderator: 204, admin: 204 },
  },
  {
    endpoint: 'POST /videos/{id}/comments/{commentId}/approve',
    prepare: async (o) => {
      // A comment of another user, held on the owner's video that requires approval.
      const v = await seedLocalVideo(o, { commentsPolicy: 3 }, 'matrix');
      const res = await api(`/api/v1/videos/${v.uuid}/comment-threads`, { method: 'POST', token: bystander.token, json: { text: 'held for the matrix' } });
      expect(res.data.comment.heldForReview).toBe(true);
      return { method: 'POST', path: `/api/v1/videos/${v.uuid}/comments/${res.data.comment.id}/approve` };
    },
    expected: { anonymous: 401, other: 403, owner: 204, moderator: 204, admin: 204 },
  },
  {
    endpoint: 'PUT /videos/{id}/chapters',
    prepare: async (o) => ({ method: 'PUT', path: `/api/v1/videos/${(await video(o)).uuid}/chapters`, json: { chapters: [{ timecode: 0, title: 'matrix' }] } }),
    expected: { anonymous: 401, other: 403, owner: 204, moderator: 204, admin: 204 },
  },
  {
    endpoint: 'POST /video-channels',
    prepare: async () => ({ method: 'POST', path: '/api/v1/video-channels', json: { name: uniqueName('mxnew'), displayName: 'New channel' } }),
    expected: { anonymous: 401, other: 200, owner: 200, moderator: 200, admin: 200 },
  },
  {
    endpoint: 'PUT /video-channels/{handle}',
    prepare: async (o) => ({ method: 'PUT', path: `/api/v1/video-channels/${o.channelName}`, json: { displayName: 'Renamed channel' } }),
    expected: { anonymous: 401, other: 403, owner: 204, moderator: 204, admin: 204 },
  },
  {
    endpoint: 'DELETE /video-channels/{handle}',
    prepare: async (o) => ({ method: 'DELETE', path: `/api/v1/video-channels/${await extraChannel(o)}` }),
    expected: { anonymous: 401, other: 403, owner: 204, moderator: 204, admin: 204 },
  },
  {
    endpoint: 'POST /abuses',
    prepare: async (o) => ({ method: 'POST', path: '/api/v1/abuses', json: { reason: 'a report', video: { id: (await video(o)).id } } }),
    expected: { anonymous: 401, other: 200, owner: 200, moderator: 200, admin: 200 },
  },
  {
    endpoint: 'PUT /abuses/{id}',
    prepare: async (o) => ({ method: 'PUT', path: `/api/v1/abuses/${await abuseAgainst(o)}`, json: { state: 3 } }),
    expected: { anonymous: 401, other: 403, owner: 403, moderator: 204, admin: 204 },
  },
  {
    endpoint: 'DELETE /abuses/{id}',
    prepare: async (o) => ({ method: 'DELETE', path: `/api/v1/abuses/${await abuseAgainst(o)}` }),
    expected: { anonymous: 401, other: 403, owner: 403, moderator: 204, admin: 204 },
  },
  // The owner of a user account is that user; the admin routes are not theirs to use on themselves.
  {
    endpoint: 'PUT /users/{id}',
    prepare: async (o) => ({ method: 'PUT', path: `/api/v1/users/${o.userId}`, json: { videoQuota: 1234567 } }),
    expected: { anonymous: 401, other: 403, owner: 403, moderator: 204, admin: 204 },
  },
  {
    endpoint: 'DELETE /users/{id}',
    prepare: async (o) => ({ method: 'DELETE', path: `/api/v1/users/${o.userId}` }),
    expected: { anonymous: 401, other: 403, owner: 403, moderator: 204, admin: 204 },
    freshOwner: true,
  },
  {
    endpoint: 'POST /users',
    prepare: async () => {
      const u = uniqueName('mxu');
      return { method: 'POST', path: '/api/v1/users', json: { username: u, email: `${u}@example.com`, password: 'matrix-password', role: 2 } };
    },
    expected: { anonymous: 401, other: 403, owner: 403, moderator: 200, admin: 200 },
  },
  {
    endpoint: 'PUT /users/me',
    prepare: async () => ({ method: 'PUT', path: '/api/v1/users/me', json: { autoPlayVideo: true } }),
    expected: { anonymous: 401, other: 204, owner: 204, moderator: 204, admin: 204 },
  },
  {
    endpoint: 'POST /server/blocklist/servers',
    prepare: async () => ({ method: 'POST', path: '/api/v1/server/blocklist/servers', json: { host: `${uniqueName('blocked').replace('_', '-')}.example` } }),
    expected: { anonymous: 401, other: 403, owner: 403, moderator: 204, admin: 204 },
  },
  {
    endpoint: 'PUT /config/custom',
    prepare: async () => ({ method: 'PUT', path: '/api/v1/config/custom', json: {} }),
    expected: { anonymous: 401, other: 403, owner: 403, moderator: 403, admin: 200 },
  },
  {
    endpoint: 'POST /server/following',
    prepare: async () => ({ method: 'POST', path: '/api/v1/server/following', json: { hosts: ['not a host!'] } }),
    expected: { anonymous: 401, other: 403, owner: 403, moderator: 403, admin: 400 },
  },
];

beforeAll(async () => {
  const admin = await loginAsRoot();
  tokens = { admin, other: (await newUploader()).token, moderator: '' };
  tokens.moderator = await newModerator();
  bystander = await newUploader();
});

describe('authorization matrix of the state-changing endpoints', () => {
  it('answers each actor with the status PeerTube gives', async () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const row of ROWS) {
      let owner = await newUploader();
      for (const actor of ACTORS) {
        if (row.freshOwner && actor !== ACTORS[0]) owner = await newUploader();
        const req = await row.prepare(owner);
        const token = actor === 'anonymous' ? undefined : actor === 'owner' ? owner.token : tokens[actor];
        const res = await api(req.path, { method: req.method, token, json: req.json });
        got.push(`${row.endpoint} as ${actor}: ${res.status}`);
        want.push(`${row.endpoint} as ${actor}: ${row.expected[actor]}`);
      }
    }
    // One comparison of the whole table, so a failure lists every cell that differs.
    expect(got).toEqual(want);
  });
});
