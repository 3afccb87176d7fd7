import { createApp } from './app';
import type { Env } from './env';
import { handleQueueBatch, handleScheduled } from './jobs/consumer';
import { counts, metered } from './meter/operations';

export { TrackerObject } from './tracker/tracker-object';

const app = createApp();

export default {
  fetch: (request, env, ctx) => {
    counts.requests++;
    return app.fetch(request, metered(env), ctx);
  },
  queue: (batch, env) => {
    counts.queueBatches++;
    return handleQueueBatch(batch, metered(env));
  },
  scheduled: (controller, env) => {
    counts.scheduled++;
    return handleScheduled(controller, metered(env));
  },
} satisfies ExportedHandler<Env>;
