import { describe, expect, it } from 'vitest';
import { SwarmRegistry } from './swarms';
import { AnnounceLimiter } from './announce-limit';
import type { WsAnnounce } from './wire';

const h1 = 'a'.repeat(40);
const h2 = 'b'.repeat(40);
const announce = (infoHash: string, peerId: string, extra: Partial<WsAnnounce> = {}): WsAnnounce => ({
  action: 'announce',
  infoHash,
  peerId,
  event: 'started',
  left: 1,
  offers: [],
  ...extra,
});

describe('SwarmRegistry', () => {
  it('sends offers only to other members of the same swarm, at most one per offer', () => {
    const reg = new SwarmRegistry<string>();
    reg.announce('A', announce(h1, '1'.repeat(40)));
    reg.announce('B', announce(h1, '2'.repeat(40)));
    reg.announce('X', announce(h2, '3'.repeat(40)));
    const { out } = reg.announce(
      'C',
      announce(h1, '4'.repeat(40), {
        offers: [
          { offer: 'o1', offerId: 'i1' },
          { offer: 'o2', offerId: 'i2' },
          { offer: 'o3', offerId: 'i3' },
        ],
      }),
    );
    const offered = out
      .filter((o) => o.message.offer !== undefined)
      .map((o) => o.socket)
      .sort();
    expect(offered).toEqual(['A', 'B']);
    expect(out.find((o) => o.socket === 'C')?.message).toMatchObject({ interval: 120, incomplete: 3 });
  });

  it('offers to other peers that share the announcing socket (one process, several clients)', () => {
    const reg = new SwarmRegistry<string>();
    reg.announce('S', announce(h1, '1'.repeat(40)));
    const { out } = reg.announce('S', announce(h1, '2'.repeat(40), { offers: [{ offer: 'o', offerId: 'i' }] }));
    expect(out.filter((o) => o.message.offer !== undefined)).toHaveLength(1);
  });

  it('forwards an answer only to the named peer, and forgets a closed socket', () => {
    const reg = new SwarmRegistry<string>();
    reg.announce('A', announce(h1, '1'.repeat(40)));
    const { out } = reg.announce('B', announce(h1, '2'.repeat(40), { answer: { answer: 'sdp', offerId: 'i', toPeerId: '1'.repeat(40) } }));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ socket: 'A', message: { answer: 'sdp', offer_id: 'i' } });
    expect(reg.drop('A')).toEqual([h1]);
    expect(reg.counts(h1)).toEqual({ complete: 0, incomplete: 1 });
  });

  it('keeps desktop peers apart from WebRTC peers, and expires them', () => {
    const reg = new SwarmRegistry<string>();
    reg.announce('A', announce(h1, '1'.repeat(40)));
    reg.announceHttp(h1, { ip: '192.0.2.1', port: 1, left: 0, event: 'started', numwant: 50 }, 0);
    expect(reg.announceHttp(h1, { ip: '192.0.2.2', port: 2, left: 0, event: 'started', numwant: 50 }, 1).peers).toEqual([{ ip: '192.0.2.1', port: 1 }]);
    expect(reg.announceHttp(h1, { ip: '192.0.2.3', port: 3, left: 0, event: 'started', numwant: 50 }, 10 ** 9).peers).toEqual([]);
  });
});

describe('AnnounceLimiter', () => {
  it('allows `limit` messages per address and window, then refuses until the next window', () => {
    const limiter = new AnnounceLimiter(2, 1000);
    expect([limiter.allow('a', 0), limiter.allow('a', 1), limiter.allow('a', 2), limiter.allow('b', 3)]).toEqual([true, true, false, true]);
    expect(limiter.allow('a', 1000)).toBe(true);
  });

  it("opens each key's window at its first message, so a flood across the clock's minute is still cut off", () => {
    const limiter = new AnnounceLimiter(3, 60_000);
    const flood = [59_990, 59_995, 59_999, 60_001, 60_005].map((t) => limiter.allow('a', t));
    expect(flood).toEqual([true, true, true, false, false]);
    expect(limiter.allow('a', 59_990 + 60_000)).toBe(true);
  });
});
