/**
 * Inboxes: the shared `/inbox` and the personal ones of accounts and channels.
 * They answer fast (204, or 202 for what is ignored but a gone actor's Delete of itself) and process after the answer.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/context';
import { afterResponse } from '../../http/after-response';
import { ApiError } from '../../errors';
import { enqueueFederationJob } from '../enqueue-job';
import type { InboxJobPayload } from '../../jobs/types';
import { receiveInbox } from '../inbox/receive';
import { INBOX_JOB_KEY } from '../inbox/once-key';
import { processInboxActivity } from '../inbox/process';
import { findLocalActorByName, type LocalActorKind } from '../local-actors';
import type { FederationDeps } from '../deps';

async function handleInbox(c: Context<AppEnv>, target?: LocalActorKind) {
  if (target) {
    const local = await findLocalActorByName(c.var.db, target, c.req.param('name') ?? '');
    if (!local) throw ApiError.notFound(`Unknown ${target === 'account' ? 'account' : 'video channel'}.`);
  }
  const deps: FederationDeps = { db: c.var.db, config: c.var.config, queue: c.env.JOBS };
  const req = c.req.raw;
  const outcome = await receiveInbox(deps, { method: req.method, url: req.url, headers: req.headers, body: req.body });
  switch (outcome.result) {
    case 'rejected':
      console.warn(`inbox: rejected (${outcome.reason}): ${outcome.detail}`);
      // PeerTube's checkSignature (server/core/middlewares/activitypub.ts) fails with no error code:
      // about:blank, the status's title, and the message. The reason stays in the log.
      throw new ApiError(outcome.status, undefined, outcome.detail);
    case 'ignored':
      return c.body(null, outcome.status);
    case 'duplicate':
      return c.body(null, 204);
    case 'accepted': {
      const payload = { activity: outcome.activity, signerUrl: outcome.signer.url };
      const queued = await enqueueFederationJob(deps, 'activitypub-inbox', payload, INBOX_JOB_KEY + outcome.onceKey);
      if (!queued) afterResponse(c, processLater(deps, payload));
      return c.body(null, 204);
    }
  }
}

/**
 * Processing happens after the response: through the `activitypub-inbox` job, or, with no
 * queue binding, in the request's waitUntil, not retried.
 */
async function processLater(deps: FederationDeps, payload: InboxJobPayload) {
  try {
    const result = await processInboxActivity(deps, payload);
    if (result.outcome === 'ignored') console.log(`inbox: ${payload.activity.type} ${payload.activity.id} ignored: ${result.detail}`);
  } catch (err) {
    console.error(`inbox: processing ${payload.activity.type} ${payload.activity.id} failed`, err);
  }
}

export function inboxRoutes() {
  const app = new Hono<AppEnv>();
  app.post('/inbox', (c) => handleInbox(c));
  app.post('/accounts/:name/inbox', (c) => handleInbox(c, 'account'));
  app.post('/video-channels/:name/inbox', (c) => handleInbox(c, 'channel'));
  return app;
}
