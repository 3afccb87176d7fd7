import type { Config } from '../config';
import { signHmacRequest } from '../crypto/hmac';

export type TrackerFigures = { swarms: number; peers: number; sockets: number };
export type SeederFigures = { reachable: boolean; enabled?: boolean; error?: string } & Record<string, unknown>;

/**
 * The seeder's figures, asked of each companion (signed as jobs are). A companion that does not
 * answer is reported, not thrown: the health view is most useful when something is down.
 */
export async function seederFigures(config: Config, fetcher: typeof fetch = fetch): Promise<SeederFigures[]> {
  const secret = config.companion.secret;
  if (!secret || config.companion.urls.length === 0) return [];
  return Promise.all(
    config.companion.urls.map(async (base) => {
      const url = `${base.replace(/\/+$/, '')}/seeder/stats`;
      try {
        const res = await fetcher(url, { headers: await signHmacRequest(secret, { method: 'GET', url }), signal: AbortSignal.timeout(5000) });
        if (!res.ok) return { reachable: false, url: base, error: `HTTP ${res.status}` };
        return { reachable: true, url: base, ...((await res.json()) as Record<string, unknown>) };
      } catch (err) {
        return { reachable: false, url: base, error: (err as Error).message };
      }
    }),
  );
}
