import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { fixturePath } from './shape';

/** What a row of an error-shape table pins: PeerTube's status, content type and exact key set. */
export type ErrorShape = { status: number; contentType: RegExp; keys: string[]; code?: string };

export const PROBLEM_JSON = /^application\/problem\+json; charset=utf-8$/;

/** The keys of a recorded PeerTube 6.3 error (test/fixtures/peertube-6.3/). */
export const fixtureKeys = (name: string) => Object.keys(JSON.parse(readFileSync(fixturePath(name), 'utf8'))).sort();

/**
 * The key sets PeerTube's res.fail writes (server/core/middlewares/error.ts, through
 * http-problem-details' ProblemDocument): `title` only without a code, `instance` and
 * `invalid-params` only from a validator, `docs` only on documented operations, `code` only with a code.
 */
export const KEYS = {
  plain: ['detail', 'error', 'status', 'title', 'type'],
  plainDocumented: ['detail', 'docs', 'error', 'status', 'title', 'type'],
  coded: ['code', 'detail', 'error', 'status', 'type'],
  codedDocumented: ['code', 'detail', 'docs', 'error', 'status', 'type'],
  invalidParams: ['detail', 'error', 'instance', 'invalid-params', 'status', 'title', 'type'],
  invalidParamsDocumented: ['detail', 'docs', 'error', 'instance', 'invalid-params', 'status', 'title', 'type'],
};

/** Checks one answer against its row; the message names the row. */
export async function expectErrorShape(name: string, res: Response, shape: ErrorShape) {
  const text = await res.text();
  expect(res.status, name).toBe(shape.status);
  expect(res.headers.get('content-type') ?? '', name).toMatch(shape.contentType);
  if (shape.keys.length === 0) {
    expect(text, name).toBe('');
    return;
  }
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(body).sort(), name).toEqual([...shape.keys].sort());
  expect(body.status, name).toBe(shape.status);
  expect(body.error, name).toBe(body.detail);
  if ('title' in body) expect(body.type, name).toBe('about:blank');
  if (shape.code) {
    expect(body.code, name).toBe(shape.code);
    expect(body.type, name).toBe(`https://docs.joinpeertube.org/api-rest-reference.html#section/Errors/${shape.code}`);
  }
  if ('docs' in body) expect(body.docs, name).toMatch(/^https:\/\/docs\.joinpeertube\.org\/api-rest-reference\.html#operation\/\w+$/);
}
