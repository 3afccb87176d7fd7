/** Small response helpers shared by the federation routes. */
import type { Context } from 'hono';
import { ACTIVITY_JSON } from '../context';

/** An ActivityPub document: `application/activity+json`, varying on Accept (the same URL also serves HTML). */
export function activityJson(c: Context, doc: unknown, status: 200 | 201 = 200): Response {
  return c.body(JSON.stringify(doc), status, { 'content-type': ACTIVITY_JSON, vary: 'Accept' });
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}
