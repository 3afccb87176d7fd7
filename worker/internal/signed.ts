import type { Context } from 'hono';
import type { z, ZodTypeAny } from 'zod';
import type { AppEnv } from '../http/context';
import { verifyHmacRequest } from '../crypto/hmac';
import { ApiError, toInvalidParams } from '../errors';

/**
 * Authenticates a call from the companion (design.md, decision 5): HMAC over
 * method, path, timestamp and body hash with COMPANION_SECRET. `body` is the raw
 * body when it was signed; streamed media bodies are sent with `UNSIGNED-PAYLOAD`
 * and only accepted where `allowUnsignedBody` says so.
 */
export async function verifyCompanionCall(c: Context<AppEnv>, options: { body?: string; allowUnsignedBody?: boolean } = {}) {
  const secret = c.var.config.companion.secret;
  if (!secret) throw ApiError.unauthorized('internal endpoints are disabled: COMPANION_SECRET is not set');
  const check = await verifyHmacRequest(
    secret,
    { method: c.req.method, url: c.req.url, headers: c.req.raw.headers, body: options.body },
    { allowUnsignedBody: options.allowUnsignedBody },
  );
  if (!check.ok) throw ApiError.unauthorized(`invalid internal signature: ${check.reason}`);
}

/** Reads, authenticates and validates a signed JSON body. */
export async function readSignedJson<S extends ZodTypeAny>(c: Context<AppEnv>, schema: S): Promise<z.output<S>> {
  const body = await c.req.text();
  await verifyCompanionCall(c, { body });
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw ApiError.badRequest('body is not JSON');
  }
  const parsed = await schema.safeParseAsync(value);
  if (!parsed.success) throw ApiError.invalidParams(toInvalidParams(parsed.error, value, 'json'));
  return parsed.data;
}
