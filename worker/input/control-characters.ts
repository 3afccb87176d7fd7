import type { InvalidParams } from '../errors';

/**
 * C0 control characters and DEL, except tab, line feed and carriage return, which descriptions
 * and comments legitimately hold. A NUL, for one, is stored by libSQL but cuts the text when it is
 * read back, so "\u0000\u0000\u0000" would pass a 3-character minimum and read back empty.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const LOCATION = { json: 'body', form: 'body', query: 'query', param: 'params' } as const;

/** Every string in `input` (walked through objects and arrays) that holds a control character. */
export function controlCharacterParams(input: unknown, target: keyof typeof LOCATION, path: string[] = [], out: InvalidParams = {}): InvalidParams {
  if (typeof input === 'string') {
    if (CONTROL.test(input)) {
      const key = path.join('.') || '_';
      out[key] = { type: 'field', value: input, msg: 'Control characters are not allowed', path: key, location: LOCATION[target] };
    }
  } else if (Array.isArray(input)) {
    input.forEach((v, i) => controlCharacterParams(v, target, [...path, String(i)], out));
  } else if (input && typeof input === 'object' && !(input instanceof Blob)) {
    for (const [k, v] of Object.entries(input)) controlCharacterParams(v, target, [...path, k], out);
  }
  return out;
}
