import { describe, expect, it } from 'vitest';
import bencodeOracle from 'bencode';
import { bencode, binaryToHex, compactPeers, hexToBinary, parseHttpAnnounce, parseWsRequest } from './wire';

const hash = '0123456789abcdef0123456789abcdef01234567';

describe('tracker wire format', () => {
  it('round-trips binary strings and hex', () => {
    expect(binaryToHex(hexToBinary(hash))).toBe(hash);
    expect(binaryToHex('short')).toBeNull();
    expect(binaryToHex('\u0100'.repeat(20))).toBeNull();
  });

  it('parses announces as bittorrent-tracker does, and rejects what it rejects', () => {
    const req = parseWsRequest(
      JSON.stringify({
        action: 'announce',
        info_hash: hexToBinary(hash),
        peer_id: hexToBinary(hash),
        left: 0,
        offers: [{ offer_id: 'o', offer: { sdp: 'x' } }],
      }),
    );
    expect(req).toMatchObject({ action: 'announce', infoHash: hash, event: 'update', left: 0, offers: [{ offerId: 'o', offer: { sdp: 'x' } }] });
    expect(() => parseWsRequest(JSON.stringify({ action: 'announce', info_hash: 'x', peer_id: hexToBinary(hash) }))).toThrow('invalid info_hash');
    expect(() => parseWsRequest(JSON.stringify({ action: 'announce', info_hash: hexToBinary(hash), peer_id: hexToBinary(hash), answer: {} }))).toThrow(
      /to_peer_id/,
    );
    expect(() => parseWsRequest('{"action":"connect"}')).toThrow(/invalid action/);
    expect(() => parseWsRequest('not json')).toThrow('invalid JSON');
  });

  it('reads percent-encoded binary query values byte for byte', () => {
    const q = `?info_hash=${hash.replace(/(..)/g, '%$1')}&peer_id=-qB4650-abcdefghijkl&port=6881&left=0&event=started`;
    expect(parseHttpAnnounce(q)).toMatchObject({
      infoHash: hash,
      port: 6881,
      left: 0,
      event: 'started',
      peerId: Buffer.from('-qB4650-abcdefghijkl').toString('hex'),
    });
    expect(() => parseHttpAnnounce(q.replace('port=6881', 'port=0'))).toThrow('invalid port');
  });

  it('bencodes as the reference implementation decodes', () => {
    const peers = compactPeers([
      { ip: '192.0.2.1', port: 6881 },
      { ip: '::1', port: 1 },
    ]);
    expect([...peers]).toEqual([192, 0, 2, 1, 0x1a, 0xe1]);
    const decoded = bencodeOracle.decode(bencode({ interval: 600, peers, 'failure reason': 'é' }));
    expect(decoded.interval).toBe(600);
    expect([...decoded.peers]).toEqual([...peers]);
    expect(Buffer.from(decoded['failure reason']).toString()).toBe('é');
  });
});
