import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { paginationSchema } from '../http/pagination';
import { createChannelSchema, updateChannelSchema } from '../services/channel-fields';
import { CHANNEL_SORTS, createChannel, deleteChannel, getChannelByHandle, listChannels, updateChannel } from '../services/channels';
import { serializeChannel } from '../serializers/channel';
import { scheduleActorRefreshIfNeeded } from '../services/remote-refresh';
import { afterResponse } from '../http/after-response';
import { edgeCache } from '../http/edge-cache';

/** `name` or `name@host`. */
const handleParam = z.object({ handle: z.string().min(1).max(300) });
const listQuery = paginationSchema(CHANNEL_SORTS, '-createdAt').extend({ search: z.string().min(1).max(200).optional() });

/** /video-channels: list, create, read, update and delete channels. */
export function videoChannelRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/', edgeCache({ kind: 'list' }), validate('query', listQuery), async (c) => {
    const { total, data } = await listChannels(c.var.db, c.req.valid('query'));
    return c.json({ total, data: data.map((ch) => serializeChannel(ch, c.var.config)) });
  });

  app.post('/', requireUser(), validate('json', createChannelSchema), async (c) => {
    const created = await createChannel(c.var.db, c.var.config, c.var.viewer, c.req.valid('json'));
    return c.json({ videoChannel: { id: created.id } });
  });

  // Channels are public: the edge cache keeps them (a write, a refresh job, starts a new generation).
  app.get('/:handle', edgeCache({ kind: 'actor' }), validate('param', handleParam), async (c) => {
    const found = await getChannelByHandle(c.var.db, c.var.config, c.req.valid('param').handle);
    afterResponse(c, scheduleActorRefreshIfNeeded(c.var.db, c.env.JOBS, found.actor));
    return c.json(serializeChannel(found, c.var.config));
  });

  app.put('/:handle', requireUser(), validate('param', handleParam), validate('json', updateChannelSchema), async (c) => {
    await updateChannel(c.var.db, c.var.config, c.var.viewer, c.req.valid('param').handle, c.req.valid('json'));
    return c.body(null, 204);
  });

  app.delete('/:handle', requireUser(), validate('param', handleParam), async (c) => {
    await deleteChannel({ db: c.var.db, queue: c.env.JOBS }, c.var.config, c.var.viewer, c.req.valid('param').handle);
    return c.body(null, 204);
  });

  return app;
}
