/** The small, validated view of an incoming activity that the inbox works with. */

export type Activity = Record<string, unknown> & { id: string; type: string; actor: string };

/** The id of a value that is either a URL or an object with an `id` (AS2 allows both). */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return undefined;
}

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export function originOf(value: string): string {
  return new URL(value).origin;
}

/** Checks the fields every activity needs; returns why not, or the normalised activity (actor as its id). */
export function parseActivity(body: unknown): { ok: true; activity: Activity } | { ok: false; detail: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, detail: 'the body is not a JSON object' };
  const obj = body as Record<string, unknown>;
  if (typeof obj.type !== 'string' || obj.type.length === 0 || obj.type.length > 64) return { ok: false, detail: 'the activity has no type' };
  if (!isHttpUrl(obj.id)) return { ok: false, detail: 'the activity has no http(s) id' };
  const actor = idOf(obj.actor);
  if (!isHttpUrl(actor)) return { ok: false, detail: 'the activity has no http(s) actor' };
  return { ok: true, activity: { ...obj, id: obj.id, type: obj.type, actor } };
}
