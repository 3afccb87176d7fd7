import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));

export const fixturePath = (name: string) => `${SHARED}fixtures/peertube-6.3/${name}`;

/**
 * Runs the shared shape-diff tool: every key path of the PeerTube fixture must exist in our
 * response with the same JSON type. Returns its report ('' when the shapes match).
 */
export async function shapeDiff(fixture: string, candidate: string, ignore: string[] = []): Promise<string> {
  const args = [`${SHARED}tools/shape-diff.mjs`, fixturePath(fixture), candidate, ...ignore.flatMap((p) => ['--ignore', p])];
  try {
    await run(process.execPath, args);
    return '';
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message;
  }
}
