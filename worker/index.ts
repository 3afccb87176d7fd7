import { createApp } from './app';
import type { Env } from './env';
import { handleQueueBatch, handleScheduled } from './jobs/consumer';

export { TrackerObject } from './tracker/tracker-object';

const app = createApp();

export default {
  fetch: app.fetch,
  queue: (batch, env) => handleQueueBatch(batch, env),
  scheduled: (controller, env) => handleScheduled(controller, env),
} satisfies ExportedHandler<Env>;
