import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../fixtures/peertube-6.3/', import.meta.url));

/** Absolute path of a recorded PeerTube 6.3 fixture (see test/fixtures/peertube-6.3/README.md). */
export const fixturePath = (name: string) => `${FIXTURES}${name}`;

type JsonType = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean';

const typeOf = (v: unknown): JsonType => (v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as JsonType));

/** Every key path of a JSON value with its type; arrays are described by their first element. */
function keyPaths(value: unknown, prefix = '', out = new Map<string, JsonType>()): Map<string, JsonType> {
  const t = typeOf(value);
  out.set(prefix || '.', t);
  if (t === 'object') for (const [k, v] of Object.entries(value as object)) keyPaths(v, `${prefix}.${k}`, out);
  if (t === 'array' && (value as unknown[]).length > 0) keyPaths((value as unknown[])[0], `${prefix}[]`, out);
  return out;
}

/**
 * What `candidate` lacks of `reference`'s shape: each key path the reference has and the
 * candidate does not, and each value whose JSON type differs (null matches any type, as
 * PeerTube sends null for unset values of every type). Values are not compared. Paths that
 * start with one of `ignore` are skipped.
 */
export function diffShapes(reference: unknown, candidate: unknown, ignore: string[] = []): string[] {
  const have = keyPaths(candidate);
  const problems: string[] = [];
  for (const [path, type] of keyPaths(reference)) {
    if (ignore.some((prefix) => path.startsWith(prefix))) continue;
    const got = have.get(path);
    if (got === undefined) problems.push(`missing  ${path} (${type})`);
    else if (got !== type && got !== 'null' && type !== 'null') problems.push(`type     ${path}: ${got}, reference has ${type}`);
  }
  return problems;
}

/** A file path, an http(s) URL fetched as JSON, or `ap:URL` fetched as ActivityPub. */
async function loadJson(source: string): Promise<unknown> {
  if (!/^(ap:)?https?:/.test(source)) return JSON.parse(await readFile(source, 'utf8'));
  const ap = source.startsWith('ap:');
  const url = ap ? source.slice(3) : source;
  const res = await fetch(url, { headers: { accept: ap ? 'application/activity+json' : 'application/json' } });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

/**
 * Compares a response (URL, `ap:URL` or file) with a PeerTube fixture by shape. Returns the
 * report, one difference a line, or '' when the candidate has every path of the fixture.
 */
export async function shapeDiff(fixture: string, candidate: string, ignore: string[] = []): Promise<string> {
  const [reference, actual] = await Promise.all([loadJson(fixturePath(fixture)), loadJson(candidate)]);
  return diffShapes(reference, actual, ignore).join('\n');
}
