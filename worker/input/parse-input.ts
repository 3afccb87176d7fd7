import type { z, ZodTypeAny } from 'zod';
import { ApiError, toInvalidParams } from '../errors';
import { controlCharacterParams } from './control-characters';

export type InputTarget = 'json' | 'form' | 'query' | 'param';

/**
 * Validates client input with zod, the one way every endpoint does: strings that hold control
 * characters are refused first, then the schema decides. A bad input is PeerTube's 400 with
 * `invalid-params`, never a 500.
 */
export async function parseInput<S extends ZodTypeAny>(schema: S, input: unknown, target: InputTarget): Promise<z.output<S>> {
  return settle(input, target, await schema.safeParseAsync(refuseControlCharacters(input, target)));
}

/** The synchronous twin, for services that validate inside a synchronous step. */
export function parseInputSync<S extends ZodTypeAny>(schema: S, input: unknown, target: InputTarget): z.output<S> {
  return settle(input, target, schema.safeParse(refuseControlCharacters(input, target)));
}

function refuseControlCharacters(input: unknown, target: InputTarget): unknown {
  const control = controlCharacterParams(input, target);
  if (Object.keys(control).length > 0) throw ApiError.invalidParams(control);
  return input;
}

function settle<T>(input: unknown, target: InputTarget, result: z.SafeParseReturnType<unknown, T>): T {
  if (!result.success) throw ApiError.invalidParams(toInvalidParams(result.error, input, target));
  return result.data;
}
