import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser, type UserVariables } from '../http/auth';
import { validate } from '../http/validate';
import { assertCanManage, getChannelByHandle } from '../services/channels';
import { deleteActorImage, findAccountActor, readActorImageUpload, setActorImage } from '../services/actor-images';
import type { ActorImageType } from '../serializers/actor';

const handleParam = z.object({ handle: z.string().min(1).max(300) });

type SignedIn = Pick<Context<AppEnv & UserVariables>, 'var' | 'env'>;

const imageDeps = (c: SignedIn) => ({ db: c.var.db, config: c.var.config, bucket: c.env.MEDIA, queue: c.env.JOBS });

/** PeerTube's /users/me/avatar/pick and /users/me/avatar (controllers/api/users/me.ts). */
export function myAvatarRoutes() {
  const app = new Hono<AppEnv>();

  app.post('/avatar/pick', requireUser(), async (c) => {
    const upload = await readActorImageUpload(c.req.raw.body, c.req.header('content-type'), 'avatar');
    const actor = await findAccountActor(c.var.db, c.var.viewer.accountId);
    return c.json({ avatars: await setActorImage(imageDeps(c), actor, 'avatar', upload) });
  });

  // PeerTube answers this one with 200 and an empty list, where the channel's answers 204.
  app.delete('/avatar', requireUser(), async (c) => {
    await deleteActorImage(imageDeps(c), await findAccountActor(c.var.db, c.var.viewer.accountId), 'avatar');
    return c.json({ avatars: [] });
  });

  return app;
}

/**
 * PeerTube's /video-channels/{handle}/avatar|banner routes (controllers/api/video-channel.ts): 401,
 * then the channel (404), then who may manage it (403), then the file (400), in PeerTube's order.
 */
export function channelImageRoutes() {
  const app = new Hono<AppEnv>();
  const managedChannel = async (c: SignedIn, handle: string) => {
    const found = await getChannelByHandle(c.var.db, c.var.config, handle);
    assertCanManage(found, c.var.viewer);
    return found;
  };

  for (const type of ['avatar', 'banner'] as ActorImageType[]) {
    app.post(`/:handle/${type}/pick`, requireUser(), validate('param', handleParam), async (c) => {
      const found = await managedChannel(c, c.req.valid('param').handle);
      const upload = await readActorImageUpload(c.req.raw.body, c.req.header('content-type'), type);
      return c.json({ [`${type}s`]: await setActorImage(imageDeps(c), found.actor, type, upload) });
    });

    app.delete(`/:handle/${type}`, requireUser(), validate('param', handleParam), async (c) => {
      const found = await managedChannel(c, c.req.valid('param').handle);
      await deleteActorImage(imageDeps(c), found.actor, type);
      return c.body(null, 204);
    });
  }

  return app;
}
