/** The small, validated view of an incoming activity that the inbox works with. */
import { idOf, isHttpUrl } from '../as-values';

export type Activity = Record<string, unknown> & { id: string; type: string; actor: string };

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
