import type { Context } from 'hono';
import type { UserEnv } from '../http/context';
import { ApiError } from '../errors';
import { requireCsrf } from '../http/csrf';
import type { Actor } from '../db/schema';
import type { ActorImageType } from '../serializers/actor';
import { deleteActorImage, findAccountActor, imageField, readActorImageFile, setActorImage } from '../services/actor-images';
import { signedInPages } from './guards';
import { ownChannel } from './channels-routes';
import type { ImageOutcome } from './actor-image-forms';

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
 * The avatar and banner forms of my account and my channels' edit pages, through the service
 * behind POST /users/me/avatar/pick and /video-channels/{handle}/avatar|banner/pick.
 */
export function actorImagePages() {
  const app = signedInPages(['/my/account/avatar', '/my/channels']);

  for (const remove of [false, true]) {
    const suffix = remove ? '/delete' : '';
    app.post(`/my/account/avatar${suffix}`, requireCsrf(), async (c) =>
      apply(c, await findAccountActor(c.var.db, c.var.viewer.accountId), 'avatar', remove, '/my/account'),
    );
    for (const type of TYPES) {
      app.post(`/my/channels/:name/${type}${suffix}`, requireCsrf(), async (c) => {
        const found = await ownChannel(c);
        return apply(c, found.actor, type, remove, `/my/channels/${found.actor.preferredUsername}/edit`);
      });
    }
  }
  return app;
}
