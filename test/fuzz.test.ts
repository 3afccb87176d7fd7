import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { api, loginAsRoot } from './helpers/api';
import { testDb } from './helpers/internal';
import { seedLocalVideo } from './helpers/seed-videos';
import { newUploader, type Uploader } from './helpers/video-uploads';

/**
 * Hostile input, generated (issue 13): for each JSON and form endpoint family, bodies of random
 * shapes and nasty values. Whatever the body, the answer is never a 5xx, and a refused request
 * stores nothing: what the family's snapshot reads is the same before and after it.
 * Bounded: a fixed number of runs per family, with a fixed seed so a failure replays.
 */
const RUNS = 30;
const SEED = 20261204;

/** Values that have broken parsers before: wrong types, extremes, control and odd Unicode characters. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\u202e\u0007',
    '<script>alert(1)</script>',
    '" onerror="x',
    '../../etc/passwd',
    'x'.repeat(5000),
    '1e309',
    'NaN',
    'true',
    '-1',
  ),
  fc.integer(),
  fc.constantFrom(0, -1, 2 ** 31, Number.MAX_SAFE_INTEGER, 1.5),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 8 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 4 }),
);

/** A body with some of `keys`, each holding a nasty value; or any JSON value at all. */
const bodyOf = (keys: string[]) => fc.oneof(fc.record(Object.fromEntries(keys.map((k) => [k, nasty])), { requiredKeys: [] }), fc.jsonValue({ maxDepth: 3 }));

type Family = {
  name: string;
  method: 'POST' | 'PUT';
  path: () => string;
  token?: () => string;
  keys: string[];
  form?: boolean;
  /** What the endpoint stores, read before and after each refused request. */
  snapshot: () => Promise<unknown>;
};

async function count(table: string) {
  const { db, close } = testDb();
  try {
    const [row] = await db.all<{ n: number }>(sql.raw(`select count(*) as n from ${table}`));
    return row.n;
  } finally {
    close();
  }
}

let owner: Uploader;
let rootToken: string;
let video: { uuid: string; name: string };
let oauthClient: { client_id: string; client_secret: string };

beforeAll(async () => {
  rootToken = await loginAsRoot();
  owner = await newUploader();
  video = await seedLocalVideo(owner, {}, 'fuzzed');
  oauthClient = (await api('/api/v1/oauth-clients/local')).data;
});

// A generated body the settings accept may change the instance: the files after this one get it back as configured.
afterAll(async () => {
  expect((await api('/api/v1/config/custom', { method: 'DELETE', token: rootToken })).status).toBe(200);
});

const me = async () => (await api('/api/v1/users/me', { token: owner.token })).data;

function families(): Family[] {
  return [
    {
      name: 'register',
      method: 'POST',
      path: () => '/api/v1/users/register',
      keys: ['username', 'email', 'password', 'displayName', 'channel'],
      snapshot: () => count('users'),
    },
    {
      name: 'create user (admin)',
      method: 'POST',
      path: () => '/api/v1/users',
      token: () => rootToken,
      keys: ['username', 'email', 'password', 'role', 'videoQuota', 'videoQuotaDaily'],
      snapshot: () => count('users'),
    },
    {
      name: 'update my account',
      method: 'PUT',
      path: () => '/api/v1/users/me',
      token: () => owner.token,
      keys: ['displayName', 'description', 'nsfwPolicy', 'p2pEnabled', 'autoPlayVideo', 'videoLanguages', 'email', 'password', 'currentPassword'],
      snapshot: me,
    },
    {
      name: 'create channel',
      method: 'POST',
      path: () => '/api/v1/video-channels',
      token: () => owner.token,
      keys: ['name', 'displayName', 'description', 'support'],
      snapshot: () => count('video_channels'),
    },
    {
      name: 'update channel',
      method: 'PUT',
      path: () => `/api/v1/video-channels/${owner.channelName}`,
      token: () => owner.token,
      keys: ['displayName', 'description', 'support', 'bulkVideosSupportUpdate'],
      snapshot: async () => (await api(`/api/v1/video-channels/${owner.channelName}`)).data,
    },
    {
      name: 'update video',
      method: 'PUT',
      path: () => `/api/v1/videos/${video.uuid}`,
      token: () => owner.token,
      keys: ['name', 'description', 'privacy', 'category', 'licence', 'language', 'tags', 'nsfw', 'support', 'commentsPolicy', 'channelId'],
      snapshot: async () => (await api(`/api/v1/videos/${video.uuid}`, { token: owner.token })).data,
    },
    {
      name: 'comment',
      method: 'POST',
      path: () => `/api/v1/videos/${video.uuid}/comment-threads`,
      token: () => owner.token,
      keys: ['text'],
      snapshot: () => count('comments'),
    },
    {
      name: 'rate',
      method: 'PUT',
      path: () => `/api/v1/videos/${video.uuid}/rate`,
      token: () => owner.token,
      keys: ['rating'],
      snapshot: () => count('rates'),
    },
    {
      name: 'view',
      method: 'POST',
      path: () => `/api/v1/videos/${video.uuid}/views`,
      keys: ['currentTime', 'viewEvent', 'sessionId'],
      snapshot: async () => null,
    },
    {
      name: 'report',
      method: 'POST',
      path: () => '/api/v1/abuses',
      token: () => owner.token,
      keys: ['reason', 'predefinedReasons', 'video', 'account', 'comment'],
      snapshot: () => count('abuses'),
    },
    {
      name: 'resumable upload init',
      method: 'POST',
      path: () => '/api/v1/videos/upload-resumable',
      token: () => owner.token,
      keys: ['name', 'channelId', 'filename', 'privacy', 'category', 'tags', 'waitTranscoding'],
      snapshot: () => count('uploads'),
    },
    {
      name: 'instance settings',
      method: 'PUT',
      path: () => '/api/v1/config/custom',
      token: () => rootToken,
      keys: ['instance', 'signup', 'user', 'transcoding', 'contactForm', 'services'],
      snapshot: async () => (await api('/api/v1/config/custom', { token: rootToken })).data,
    },
    {
      name: 'my server blocklist',
      method: 'POST',
      path: () => '/api/v1/users/me/blocklist/servers',
      token: () => owner.token,
      keys: ['host'],
      snapshot: () => count('server_blocks'),
    },
    {
      name: 'my account blocklist',
      method: 'POST',
      path: () => '/api/v1/users/me/blocklist/accounts',
      token: () => owner.token,
      keys: ['accountName'],
      snapshot: () => count('account_blocks'),
    },
    {
      name: 'blacklist',
      method: 'POST',
      path: () => `/api/v1/videos/${video.uuid}/blacklist`,
      token: () => rootToken,
      keys: ['reason', 'unfederate'],
      snapshot: () => count('video_blacklist'),
    },
    {
      name: 'oauth token (form)',
      method: 'POST',
      form: true,
      path: () => '/api/v1/users/token',
      keys: ['client_id', 'client_secret', 'grant_type', 'username', 'password', 'refresh_token'],
      snapshot: () => count('oauth_tokens'),
    },
  ];
}

/** A form body of string values (what a form can carry); the client's credentials sometimes right. */
function formOf(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const [k, v] of Object.entries(body)) out[k] = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  }
  if (out.client_id === 'true') Object.assign(out, oauthClient);
  return out;
}

describe('fuzzing the JSON and form endpoints', () => {
  for (const family of families()) {
    it(`${family.name}: never a 5xx, and a refused request stores nothing`, async () => {
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(bodyOf(family.keys), async (body) => {
          const before = await family.snapshot();
          const init = family.form
            ? { method: family.method, form: formOf(body) }
            : { method: family.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
          const res = await api(family.path(), { ...init, token: family.token?.() });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect(res.status, `${String(JSON.stringify(body)).slice(0, 300)} → ${String(JSON.stringify(res.data ?? null)).slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) expect(await family.snapshot()).toEqual(before);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      // The generator must reach the validator: most bodies are refused, with a 4xx.
      expect([...statuses.keys()].some((s) => s >= 400 && s < 500)).toBe(true);
    });
  }

  it('survives bodies that are not JSON at all', async () => {
    for (const raw of ['{', '[1,', 'null', '"text"', '\u0000', '{"a":' + '['.repeat(5000)]) {
      for (const path of ['/api/v1/users/register', '/api/v1/video-channels', `/api/v1/videos/${video.uuid}/comment-threads`, '/api/v1/abuses']) {
        const res = await api(path, { method: 'POST', token: owner.token, headers: { 'content-type': 'application/json' }, body: raw });
        expect(res.status, `${path} ${raw.slice(0, 20)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${path} ${raw.slice(0, 20)}`).toBeLessThan(500);
      }
    }
  });
});
