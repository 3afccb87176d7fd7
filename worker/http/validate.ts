import type { MiddlewareHandler, ValidationTargets } from 'hono';
import { validator } from 'hono/validator';
import type { z, ZodTypeAny } from 'zod';
import { parseInput } from '../input/parse-input';

type Target = 'json' | 'form' | 'query' | 'param';

/**
 * Validates one part of the request with zod and exposes the result through `c.req.valid(target)`.
 * A bad input is a 400 with `invalid-params`, never a 500. Strings holding control characters
 * are refused (see parseInput).
 *
 * @example app.post('/', validate('json', z.object({ name: z.string() })), (c) => c.json(c.req.valid('json')))
 */
export function validate<T extends Target, S extends ZodTypeAny>(target: T, schema: S) {
  return validator(target as keyof ValidationTargets, async (value) => {
    return parseInput(schema, value, target);
  }) as unknown as MiddlewareHandler<any, string, { in: { [K in T]: z.input<S> }; out: { [K in T]: z.output<S> } }>;
}
