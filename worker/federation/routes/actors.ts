/**
 * Actors and their collections, by content negotiation on the same URLs as the
 * HTML pages: `/accounts/:name` (`/a/:name`) and `/video-channels/:name` (`/c/:name`).
 * A request that does not ask for ActivityPub falls through to the page handlers.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { corsAnyOrigin } from '../../http/cors';
import type { AppEnv } from '../../http/context';
import { ApiError } from '../../errors';
import { serializeLocalActor, actorEndpoints } from '../actors/serialize-actor';
import { emptyLoader, followersLoader, followingLoader, likesLoader, orderedCollection, outboxLoader, parsePage, type PageLoader } from '../collections';
import { wantsActivityPub } from '../content-negotiation';
import { readLocalActorByName, type LocalActor, type LocalActorKind } from '../local-actors';
import { activityJson } from './respond';
import { edgeCache } from '../../http/edge-cache';

const PREFIXES: Array<[string, LocalActorKind]> = [
  ['/accounts', 'account'],
  ['/a', 'account'],
  ['/video-channels', 'channel'],
  ['/c', 'channel'],
];
const COLLECTIONS = ['followers', 'following', 'outbox', 'likes', 'playlists'] as const;
type CollectionName = (typeof COLLECTIONS)[number];

async function loadActor(c: Context<AppEnv>, kind: LocalActorKind): Promise<LocalActor> {
  const found = await readLocalActorByName(c.var.db, kind, c.req.param('name') ?? '');
  if (!found) throw ApiError.notFound(`Unknown ${kind === 'account' ? 'account' : 'video channel'}.`);
  return found;
}

function loaderFor(c: Context<AppEnv>, local: LocalActor, name: CollectionName): PageLoader<unknown> | null {
  const db = c.var.db;
  const urls = actorEndpoints(c.var.config, local.actor);
  switch (name) {
    case 'followers':
      return followersLoader(db, local.actor.id);
    case 'following':
      return followingLoader(db, local.actor.id);
    case 'outbox':
      return outboxLoader(db, {
        actorId: local.actor.id,
        actorUrl: urls.id,
        followersUrl: urls.followers,
        accountId: local.account?.id,
        channelId: local.channel?.id,
        instance: local.actor.type === 'Application',
      });
    // Only accounts rate videos; PeerTube has no likes collection for channels.
    case 'likes':
      return local.account ? likesLoader(db, { id: local.account.id, actorUrl: urls.id }) : null;
    case 'playlists':
      return emptyLoader;
  }
}

export function actorRoutes() {
  const app = new Hono<AppEnv>();
  for (const [prefix, kind] of PREFIXES) {
    app.use(`${prefix}/:name`, corsAnyOrigin());
    app.use(`${prefix}/:name/*`, corsAnyOrigin());

    app.get(`${prefix}/:name`, edgeCache({ kind: 'actor' }), async (c, next) => {
      if (!wantsActivityPub(c.req.header('accept'))) return next();
      const local = await loadActor(c, kind);
      return activityJson(c, serializeLocalActor(c.var.config, local));
    });

    for (const name of COLLECTIONS) {
      // Collections have no HTML page: served as ActivityPub whatever the Accept.
      // Not followers/following: a remote reads them right after our Accept, which a job sends
      // before it has finished (and invalidated); they are not what a crowd of instances fetches.
      const cache: MiddlewareHandler<AppEnv> = name === 'followers' || name === 'following' ? (_c, next) => next() : edgeCache({ kind: 'list' });
      app.get(`${prefix}/:name/${name}`, cache, async (c) => {
        const local = await loadActor(c, kind);
        const loader = loaderFor(c, local, name);
        if (!loader) throw ApiError.notFound('No such collection.');
        const base = `${local.actor.url}/${name}`;
        return activityJson(c, await orderedCollection(base, parsePage(c.req.query('page')), loader));
      });
    }
  }
  return app;
}
