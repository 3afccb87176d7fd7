import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatSignatureHeader, parseSignatureHeader } from './signature-header';

const FIXTURES = new URL('../../../test/fixtures/peertube-6.3/signed/', import.meta.url);
const readJson = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
type Fixture = { headers: Record<string, string> };

describe('parseSignatureHeader', () => {
  it('parses PeerTube 6.3 headers exactly', () => {
    const f = readJson<Fixture>('signed-get-from-peertube.json');
    expect(parseSignatureHeader(f.headers.signature)).toEqual({
      keyId: 'http://localhost:9000/accounts/peertube',
      algorithm: 'rsa-sha256',
      headers: ['(request-target)', 'host', 'date'],
      signature: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
      created: undefined,
      expires: undefined,
    });
  });

  it('tolerates spaces, unquoted numbers, and a missing headers list', () => {
    expect(parseSignatureHeader('Signature keyId="k", algorithm="hs2019", created=1700000000, headers="(created) Host", signature="c2ln"')).toMatchObject({
      keyId: 'k',
      algorithm: 'hs2019',
      created: '1700000000',
      headers: ['(created)', 'host'],
    });
    expect(parseSignatureHeader('keyId="k",signature="c2ln"')?.headers).toEqual(['date']);
  });

  it('rejects malformed values', () => {
    for (const bad of ['', 'keyId="k"', 'signature="x"', 'keyId="k,signature="x"', 'keyId="a",keyId="b",signature="x"', 'keyId="k" signature="x"']) {
      expect(parseSignatureHeader(bad)).toBeNull();
    }
  });

  it('formats what it parses, the way PeerTube sends it', () => {
    const f = readJson<Fixture>('follow-from-peertube.json');
    const parsed = parseSignatureHeader(f.headers.signature)!;
    expect(formatSignatureHeader(parsed)).toBe(f.headers.signature);
  });
});
