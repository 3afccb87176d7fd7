/**
 * Creates the `root` admin of a deployed instance, once (it does nothing if a user exists).
 *   COMPANION_SECRET=… npx tsx scripts/bootstrap.ts --url https://video.example [--password …]
 */
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { bootstrap } from './instance';

const { values } = parseArgs({ options: { url: { type: 'string' }, password: { type: 'string' } } });
const secret = process.env.COMPANION_SECRET;
if (!values.url || !secret) {
  console.error('usage: COMPANION_SECRET=… npx tsx scripts/bootstrap.ts --url https://video.example [--password …]');
  process.exit(2);
}
const password = values.password ?? randomBytes(12).toString('base64url');
const { created } = await bootstrap(values.url.replace(/\/+$/, ''), secret, password);
console.log(created ? `root created; password: ${password}` : 'an admin already exists; nothing changed');
