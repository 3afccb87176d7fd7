import type { Context, MiddlewareHandler } from 'hono';
import type { UserEnv } from '../http/context';
import { ApiError } from '../errors';
import { requireCsrf } from '../http/csrf';
import type { Actor } from '../db/schema';
import type { ActorImageType } from '../serializers/actor';
import { MAX_ACTOR_IMAGE_SIZE, deleteActorImage, findAccountActor, imageField, readActorImageFile, setActorImage } from '../services/actor-images';
import { signedInPages } from './guards';
import { ownChannel } from './channels-routes';
import type { ImageOutcome } from './actor-image-forms';
import { drainStream } from '../media/drain';

const TYPES = ['avatar', 'banner'] as const;

/** Stores the form's file (or removes the image), then goes back to `page` saying how it went. */
async function apply(c: Context<UserEnv>, actor: Actor, type: ActorImageType, remove: boolean, page: string) {
  const deps = { db: c.var.db, config: c.var.config, bucket: c.env.MEDIA, queue: c.env.JOBS };
  let outcome: ImageOutcome = `${type}-${remove ? 'removed' : 'saved'}`;
  try {
    if (remove) await deleteActorImage(deps, actor, type);
    else await setActorImage(deps, actor, type, await readActorImageFile((await c.req.parseBody())[imageField(type)], type));
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 400) throw err;
    outcome = `${type}-invalid`;
  }
  return c.redirect(`${page}?image=${outcome}#${type}`, 303);
}

/**
 * A form body much larger than an image may be is refused before the CSRF check reads it (Hono's
 * parseBody holds the whole body in memory; this only streams it away): the page comes back saying
 * the file is too large.
 */
function refuseLargeForm(type: ActorImageType, page: (c: Context<UserEnv>) => string): MiddlewareHandler<UserEnv> {
  return async function refuseLargeForm(c, next) {
    if (Number(c.req.header('content-length') ?? 0) > MAX_ACTOR_IMAGE_SIZE + FORM_OVERHEAD) {
      // Read to the end (and dropped), else the browser sees a reset connection, not the answer.
      await drainStream(c.req.raw.body, MAX_FORM_DRAIN);
      return c.redirect(`${page(c)}?image=${type}-invalid#${type}`, 303);
    }
    await next();
  };
}

/** Room for the CSRF field, the part headers and the boundaries around the file. */
const FORM_OVERHEAD = 64 * 1024;
/** Cloudflare refuses request bodies over 100 MB (free and pro plans) before they reach us. */
const MAX_FORM_DRAIN = 100 * 1024 * 1024;

/**
 * The avatar and banner forms of my account and my channels' edit pages, through the service
 * behind POST /users/me/avatar/pick and /video-channels/{handle}/avatar|banner/pick.
 */
export function actorImagePages() {
  const app = signedInPages(['/my/account/avatar', '/my/channels']);

  for (const remove of [false, true]) {
    const suffix = remove ? '/delete' : '';
    app.post(
      `/my/account/avatar${suffix}`,
      refuseLargeForm('avatar', () => '/my/account'),
      requireCsrf(),
      async (c) => apply(c, await findAccountActor(c.var.db, c.var.viewer.accountId), 'avatar', remove, '/my/account'),
    );
    for (const type of TYPES) {
      const editPage = (c: Context<UserEnv>) => `/my/channels/${encodeURIComponent(c.req.param('name') ?? '')}/edit`;
      app.post(`/my/channels/:name/${type}${suffix}`, refuseLargeForm(type, editPage), requireCsrf(), async (c) => {
        const found = await ownChannel(c);
        return apply(c, found.actor, type, remove, `/my/channels/${found.actor.preferredUsername}/edit`);
      });
    }
  }
  return app;
}
