import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Writes a bench's figures to bench/results/<name>-<time>.json (ignored by git); returns the path. */
export async function writeResults(name: string, data: unknown): Promise<string> {
  const dir = fileURLToPath(new URL('../results', import.meta.url));
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify(data, null, 2));
  return file;
}

/** Runs a bench's main; an error is printed and the exit code is 1. */
export function runBench(main: () => Promise<void>) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
