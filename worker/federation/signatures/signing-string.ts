/**
 * The draft-cavage signing string, shared by the signer and the verifier.
 * https://datatracker.ietf.org/doc/html/draft-cavage-http-signatures-12#section-2.3
 */

export type HeaderValue = string | readonly string[] | number | null | undefined;
/** Request headers as a `Headers` object or as a plain object (Node gives lower-case names and arrays). */
export type HeadersInput = Headers | Record<string, HeaderValue>;

/** Values for the pseudo-headers that come from the signature parameters rather than the request. */
export type SignatureParamValues = { created?: string; expires?: string };

export type SigningInput = {
  method: string;
  /** The `:path` of the request: the path, and the query string when it is signed. */
  target: string;
  headers: Map<string, string>;
  params?: SignatureParamValues;
};

/** A component named in `headers="…"` is absent from the request or the parameters. */
export class MissingComponentError extends Error {
  override name = 'MissingComponentError';
  constructor(readonly component: string) {
    super(`signed component "${component}" is missing from the request`);
  }
}

/** Lower-cases header names; repeated values are joined with ", " (draft-cavage section 2.3, step 2). */
export function normalizeHeaders(input: HeadersInput | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!input) return out;
  if (isHeaders(input)) {
    input.forEach((value, name) => out.set(name.toLowerCase(), value.trim()));
    return out;
  }
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    const joined = Array.isArray(value) ? value.map((v) => String(v).trim()).join(', ') : String(value).trim();
    const key = name.toLowerCase();
    const previous = out.get(key);
    out.set(key, previous === undefined ? joined : `${previous}, ${joined}`);
  }
  return out;
}

/**
 * The request target as signed: `pathname` plus, when `withQuery`, the query string.
 * A relative URL (as Node's `req.url`) is accepted.
 */
export function requestTarget(url: string | URL, withQuery: boolean): string {
  const u = typeof url === 'string' ? new URL(url, 'http://relative.invalid') : url;
  return withQuery ? `${u.pathname}${u.search}` : u.pathname;
}

/** Builds the signing string for the given component names, in order. Throws {@link MissingComponentError}. */
export function buildSigningString(components: readonly string[], input: SigningInput): string {
  return components
    .map((raw) => {
      const name = raw.toLowerCase();
      switch (name) {
        case '(request-target)':
          return `${name}: ${input.method.toLowerCase()} ${input.target}`;
        case '(created)':
        case '(expires)': {
          const value = name === '(created)' ? input.params?.created : input.params?.expires;
          if (value === undefined) throw new MissingComponentError(name);
          return `${name}: ${value}`;
        }
        default: {
          const value = input.headers.get(name);
          if (value === undefined) throw new MissingComponentError(name);
          return `${name}: ${value}`;
        }
      }
    })
    .join('\n');
}

function isHeaders(input: HeadersInput): input is Headers {
  return typeof (input as Headers).get === 'function' && typeof (input as Headers).forEach === 'function';
}
