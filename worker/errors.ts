import type { z } from 'zod';

/**
 * The one error type. Services and handlers throw it; `renderError` turns it
 * into PeerTube's problem+json (RFC 7807) shape.
 */
export type InvalidParams = Record<string, { type: 'field'; value?: unknown; msg: string; path: string; location: string }>;

const LOCATION: Record<string, string> = { json: 'body', form: 'body', query: 'query', param: 'params' };

/** Turns zod issues into PeerTube's `invalid-params` map. */
export function toInvalidParams(error: z.ZodError, input: unknown, target: 'json' | 'form' | 'query' | 'param'): InvalidParams {
  const params: InvalidParams = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '_';
    if (params[path]) continue;
    const value = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k as string] : undefined), input);
    params[path] = { type: 'field', value, msg: issue.message, path, location: LOCATION[target] };
  }
  return params;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** PeerTube's ServerErrorCode or OAuth error, e.g. `quota_reached`, `invalid_grant`. */
    readonly code: string | undefined,
    readonly detail: string,
    readonly extra: { invalidParams?: InvalidParams; headers?: Record<string, string>; oauth?: boolean } = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  static badRequest(detail: string, code?: string) {
    return new ApiError(400, code, detail);
  }
  static unauthorized(detail = 'Unauthorized', code?: string) {
    return new ApiError(401, code, detail);
  }
  static forbidden(detail = 'Forbidden', code?: string) {
    return new ApiError(403, code, detail);
  }
  static notFound(detail = 'Not found', code?: string) {
    return new ApiError(404, code, detail);
  }
  static conflict(detail: string, code?: string) {
    return new ApiError(409, code, detail);
  }

  /** An invalid request as PeerTube's validators report it. */
  static invalidParams(params: InvalidParams) {
    const names = Object.keys(params).join(', ');
    return new ApiError(400, undefined, `Incorrect request parameters: ${names}`, { invalidParams: params });
  }

  /** OAuth errors (token endpoint) keep the OAuth `error`/`code` shape PeerTube clients read. */
  static oauth(
    code: 'access_denied' | 'invalid_client' | 'invalid_grant' | 'invalid_request' | 'unsupported_grant_type' | 'invalid_token',
    detail: string,
    status = 400,
  ) {
    return new ApiError(status, code, detail, { oauth: true });
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const ERRORS = 'https://docs.joinpeertube.org/api-rest-reference.html#section/Errors/';

/**
 * Renders an error as PeerTube's `res.fail` does (server/core/middlewares/error.ts, through the
 * http-problem-details package), with exactly its keys:
 * - `type`: the code's documentation URL, or `about:blank` without a code;
 * - `title`: only with `about:blank` (the status text); a coded error has none;
 * - `detail`, `status`, and `error` (the same message, for clients of PeerTube ≤ 3.2);
 * - `instance` (the request's path and query) and `invalid-params`: only for invalid input,
 *   as areValidationErrors (middlewares/validators/shared/utils.ts) adds them;
 * - `docs`: only on routes PeerTube documents by operation (http/operation-docs.ts);
 * - `code`: only with a code.
 */
export function renderError(err: unknown, request: { method: string; url: string }, docs?: string): Response {
  const e = err instanceof ApiError ? err : new ApiError(500, undefined, 'Internal server error');
  const url = new URL(request.url);
  const body: Record<string, unknown> = { type: e.code ? `${ERRORS}${e.code}` : 'about:blank' };
  if (!e.code) body.title = TITLES[e.status] ?? 'Error';
  body.detail = e.detail;
  if (e.extra.invalidParams) body.instance = `${url.pathname}${url.search}`;
  body.status = e.status;
  if (e.extra.invalidParams) body['invalid-params'] = e.extra.invalidParams;
  if (docs) body.docs = docs;
  if (e.code) body.code = e.code;
  body.error = e.detail;
  const headers = new Headers({ 'content-type': 'application/problem+json; charset=utf-8', ...e.extra.headers });
  return new Response(JSON.stringify(body), { status: e.status, headers });
}
