import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context';
import { ApiError } from '../errors';
import { clientIp } from '../services/rate-limit';
import { CLIENT_IP_HEADER, ORIGIN_HEADER } from './tracker-object';

/** One object serves every swarm (ADR 0021): clients multiplex their swarms over one socket. */
const TRACKER_OBJECT_NAME = 'tracker';

/**
 * The tracker URLs the API and the Video objects advertise (`trackerUrls`): the WebSocket one for
 * browsers and WebRTC seeders, the HTTP one (BEP 3) for desktop clients. Both go to the tracker object.
 */
export function trackerRoutes() {
  const app = new Hono<AppEnv>();
  const forward = async (c: Context<AppEnv>) => {
    if (!c.get('config').tracker.enabled) throw ApiError.notFound('The tracker is disabled on this instance.');
    const headers = new Headers(c.req.raw.headers);
    headers.set(CLIENT_IP_HEADER, clientIp(c.req.raw.headers));
    headers.set(ORIGIN_HEADER, c.get('config').publicUrl);
    const stub = c.env.TRACKER.get(c.env.TRACKER.idFromName(TRACKER_OBJECT_NAME));
    return stub.fetch(new Request(c.req.url, { method: 'GET', headers }));
  };
  app.get('/tracker/socket', (c) => {
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket')
      throw new ApiError(426, undefined, 'This is a WebSocket tracker: connect with Upgrade: websocket.');
    return forward(c);
  });
  app.get('/tracker/announce', forward);
  return app;
}

/** The tracker's live figures, for the admin health API. */
export async function trackerStats(env: AppEnv['Bindings']): Promise<{ swarms: number; peers: number; sockets: number }> {
  const stub = env.TRACKER.get(env.TRACKER.idFromName(TRACKER_OBJECT_NAME));
  const res = await stub.fetch('https://tracker.internal/tracker/stats');
  return res.json();
}
