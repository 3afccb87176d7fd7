// Prints, as JSON, the Miniflare options wrangler derives from wrangler.toml (bindings, queues,
// Durable Objects, assets, ...), the Worker's name and its cron triggers. Run as a child process
// so that the long-running runner never loads wrangler (~100 MB of JavaScript) itself.
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from 'wrangler';

const config = unstable_readConfig({ config: process.argv[2] ?? 'wrangler.toml' });
const { workerOptions } = unstable_getMiniflareWorkerOptions(config);
process.stdout.write(JSON.stringify({ name: config.name, crons: config.triggers?.crons ?? [], workerOptions }));
