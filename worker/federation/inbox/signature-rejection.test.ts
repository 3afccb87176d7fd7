import { describe, expect, it } from 'vitest';
import { signatureRejection } from './signature-rejection';

describe('signatureRejection', () => {
  it("answers every signature failure 403, with PeerTube's fixed messages where it has them", () => {
    expect(signatureRejection({ reason: 'invalid_signature', detail: 'x' })).toEqual({ status: 403, detail: 'Invalid signature' });
    expect(signatureRejection({ reason: 'key_not_found', detail: 'x' })).toEqual({ status: 403, detail: 'ActivityPub signature could not be checked' });
    expect(signatureRejection({ reason: 'unsupported_key_id', detail: 'x' })).toEqual({ status: 403, detail: 'Invalid key ID' });
    expect(signatureRejection({ reason: 'missing_signature', detail: 'no Signature header' })).toEqual({ status: 403, detail: 'no Signature header' });
    expect(signatureRejection({ reason: 'malformed_signature', detail: 'bad' }).status).toBe(403);
  });

  it('keeps 401 for RFC 9421 only, so double-knocking senders retry with draft-cavage', () => {
    expect(signatureRejection({ reason: 'rfc9421_unsupported', detail: 'x' }).status).toBe(401);
  });
});
