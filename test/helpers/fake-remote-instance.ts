/**
 * A tiny remote fediverse server for federation tests: node:http on 127.0.0.1,
 * serving actors with fresh RSA-2048 keys and inboxes that record what they get.
 */
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateActorKeyPair, signRequest, type ActorKeyPair } from '../../worker/federation/signatures';

export type Received = { method: string; path: string; headers: IncomingMessage['headers']; body: string; req: IncomingMessage };

export type FakeActor = ActorKeyPair & {
  name: string;
  url: string;
  keyId: string;
  inbox: string;
  type: 'Person' | 'Application';
};

export type FakeRemote = {
  origin: string;
  addActor(name: string, type?: FakeActor['type']): Promise<FakeActor>;
  /** Replaces an actor's key (a key rotation); the old pair is returned. */
  rotateKey(actor: FakeActor): Promise<ActorKeyPair>;
  /** Serves a JSON object at the path (and query) of its `id`: an activity, a note, a collection page. */
  serve(object: { id: string }): void;
  received: Received[];
  /** Waits until a recorded request matches. */
  waitFor(match: (r: Received) => boolean, timeoutMs?: number): Promise<Received>;
  close(): Promise<void>;
};

export async function startFakeRemote(): Promise<FakeRemote> {
  const actors = new Map<string, FakeActor>();
  const objects = new Map<string, unknown>();
  const received: Received[] = [];
  const waiters: Array<() => void> = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ method: req.method ?? 'GET', path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), req });
      waiters.splice(0).forEach((w) => w());
      const m = /^\/accounts\/([^/?]+)$/.exec(path);
      const actor = m && actors.get(m[1]);
      if (req.method === 'GET' && actor) {
        res.writeHead(200, { 'content-type': 'application/activity+json; charset=utf-8' });
        res.end(JSON.stringify(actorDocument(remote.origin, actor)));
        return;
      }
      if (req.method === 'GET' && objects.has(path)) {
        res.writeHead(200, { 'content-type': 'application/activity+json; charset=utf-8' });
        res.end(JSON.stringify(objects.get(path)));
        return;
      }
      if (req.method === 'POST' && (path === '/inbox' || /^\/accounts\/[^/]+\/inbox$/.test(path))) {
        res.writeHead(204);
        res.end();
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
    });
  });
  // PeerTube's unicast deliveries are not retried: a short keep-alive loses them (signed/README.md).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const remote: FakeRemote = {
    origin,
    received,
    async addActor(name, type = 'Person') {
      const keys = await generateActorKeyPair();
      const url = `${origin}/accounts/${name}`;
      const actor: FakeActor = { ...keys, name, url, keyId: `${url}#main-key`, inbox: `${url}/inbox`, type };
      actors.set(name, actor);
      return actor;
    },
    serve(object) {
      const { pathname, search } = new URL(object.id);
      objects.set(pathname + search, object);
    },
    async rotateKey(actor) {
      const old = { publicKeyPem: actor.publicKeyPem, privateKeyPem: actor.privateKeyPem };
      Object.assign(actor, await generateActorKeyPair());
      return old;
    },
    async waitFor(match, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = received.find(match);
        if (hit) return hit;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('the fake remote instance did not receive the expected request');
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(left, 200));
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return remote;
}

function actorDocument(origin: string, a: FakeActor) {
  return {
    '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
    type: a.type,
    id: a.url,
    preferredUsername: a.name,
    name: a.name,
    inbox: a.inbox,
    outbox: `${a.url}/outbox`,
    followers: `${a.url}/followers`,
    following: `${a.url}/following`,
    endpoints: { sharedInbox: `${origin}/inbox` },
    publicKey: { id: `${a.url}#main-key`, owner: a.url, publicKeyPem: a.publicKeyPem },
  };
}

export type SignedPostOptions = {
  /** Who signs; `keyId` defaults to the signer's `<actor>#main-key`. */
  signer: { keyId: string; privateKeyPem: string };
  /** Sent instead of the signed body (a tampered request). */
  sendBody?: string;
  headers?: Record<string, string>;
  /** Signs as of this instant (a stale Date). */
  now?: number;
};

/** POSTs a signed ActivityPub request as a remote server does. */
export async function postSigned(url: string, body: string, options: SignedPostOptions): Promise<Response> {
  const signed = await signRequest({ method: 'POST', url, body, keyId: options.signer.keyId, privateKeyPem: options.signer.privateKeyPem, now: options.now });
  const { Host: _host, ...headers } = signed; // fetch writes Host itself, from the same URL
  return fetch(url, {
    method: 'POST',
    body: options.sendBody ?? body,
    headers: { 'content-type': 'application/activity+json', ...headers, ...options.headers },
  });
}
