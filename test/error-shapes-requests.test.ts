/**
 * Error shapes of invalid requests, unknown resources and routes, and the inbox, row by row as
 * PeerTube 6.3 answers: status, content type and exact keys. Sources: api-error-404.json (a
 * validator's 400, recorded), server/core/middlewares/validators/shared/utils.ts
 * (areValidationErrors: `instance` and `invalid-params`), middlewares/validators/search.ts
 * (startDate, searchTarget…), controllers/api/index.ts (`badRequest`: an unknown API route is a
 * 400 with an empty JSON body), server/server.ts (the body parser's SyntaxError, before any route),
 * middlewares/activitypub.ts (checkSignature: 403 without a code), middlewares/doc.ts (`docs`).
 */
import { beforeAll, describe, it } from 'vitest';
import { instanceUrl } from './helpers/api';
import { expectErrorShape, fixtureKeys, KEYS, PROBLEM_JSON, type ErrorShape } from './helpers/error-shape';
import { postSigned, startFakeRemote, type FakeActor } from './helpers/fake-remote-instance';
import { newUploader, type Uploader } from './helpers/video-uploads';
import { afterAll } from 'vitest';

let user: Uploader;
let remote: Awaited<ReturnType<typeof startFakeRemote>>;
let mallory: FakeActor;
let forger: FakeActor;

type Row = { name: string; request: () => Promise<Response>; shape: ErrorShape };

const get = (path: string, token?: string) => fetch(instanceUrl(path), { headers: token ? { authorization: `Bearer ${token}` } : {} });
const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  user = await newUploader();
  remote = await startFakeRemote();
  mallory = await remote.addActor('mallory');
  forger = await remote.addActor('forger');
});
afterAll(async () => {
  await remote?.close();
});

const ROWS: Row[] = [
  {
    name: 'a malformed video id (the recorded api-error-404.json)',
    request: () => get('/api/v1/videos/does-not-exist'),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: fixtureKeys('api-error-404.json') },
  },
  {
    name: 'a bad sort on an undocumented route: no docs',
    request: () => get('/api/v1/accounts?sort=nope'),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: KEYS.invalidParams },
  },
  {
    name: 'search: startDate=garbage',
    request: () => get('/api/v1/search/videos?search=a&startDate=garbage'),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: KEYS.invalidParamsDocumented },
  },
  {
    name: 'search: endDate=2024-13-45',
    request: () => get('/api/v1/search/videos?search=a&endDate=2024-13-45'),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: KEYS.invalidParamsDocumented },
  },
  {
    name: 'search: searchTarget=garbage',
    request: () => get('/api/v1/search/videos?search=a&searchTarget=garbage'),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: KEYS.invalidParamsDocumented },
  },
  {
    name: 'search: searchTarget=search-index, with no search index',
    request: () => get('/api/v1/search/video-channels?search=a&searchTarget=search-index'),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: KEYS.invalidParamsDocumented },
  },
  {
    name: 'search: durationMin=long',
    request: () => get('/api/v1/search/videos?search=a&durationMin=long'),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: KEYS.invalidParamsDocumented },
  },
  {
    name: 'search: an empty search',
    request: () => get('/api/v1/search/video-playlists?search='),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: KEYS.invalidParamsDocumented },
  },
  {
    name: 'an unknown video on a documented route (getVideo)',
    request: () => get(`/api/v1/videos/${UNKNOWN_UUID}`),
    shape: { status: 404, contentType: PROBLEM_JSON, keys: KEYS.plainDocumented },
  },
  {
    name: 'an unknown account: 404, no docs',
    request: () => get('/api/v1/accounts/nobody_at_all_here'),
    shape: { status: 404, contentType: PROBLEM_JSON, keys: KEYS.plain },
  },
  {
    name: 'an unknown API route: 400 with an empty JSON body',
    request: () => get('/api/v1/no-such-route'),
    shape: { status: 400, contentType: /^application\/json; charset=utf-8$/, keys: [] },
  },
  {
    name: 'a known API route with another method: the same 400',
    request: () => fetch(instanceUrl('/api/v1/server/stats'), { method: 'DELETE' }),
    shape: { status: 400, contentType: /^application\/json; charset=utf-8$/, keys: [] },
  },
  {
    name: 'a body that is not JSON: the parser’s SyntaxError, no docs',
    request: () =>
      fetch(instanceUrl('/api/v1/abuses'), {
        method: 'POST',
        headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
        body: '{"reason": ',
      }),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: KEYS.coded, code: 'SyntaxError' },
  },
  {
    name: 'the inbox: a forged signature is 403, no code',
    request: () => {
      const body = JSON.stringify({
        '@context': 'https://www.w3.org/ns/activitystreams',
        type: 'Follow',
        id: `${mallory.url}/follows/${Date.now()}`,
        actor: mallory.url,
        object: instanceUrl('/accounts/peertube'),
      });
      // Signed by another actor's key under mallory's keyId.
      return postSigned(instanceUrl('/inbox'), body, { signer: { keyId: mallory.keyId, privateKeyPem: forger.privateKeyPem } });
    },
    shape: { status: 403, contentType: PROBLEM_JSON, keys: KEYS.plain },
  },
];

describe('error shapes: invalid requests, unknown routes, the inbox', () => {
  for (const row of ROWS) {
    it(row.name, async () => expectErrorShape(row.name, await row.request(), row.shape));
  }
});
