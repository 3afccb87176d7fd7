/**
 * How PeerTube 6.3 answers an inbox POST whose signature fails (server/core/middlewares/activitypub.ts,
 * checkSignature and checkHttpSignature): always 403, with `Invalid signature` when the signature
 * does not verify, `Invalid key ID` without a usable keyId, `ActivityPub signature could not be
 * checked` when the key cannot be had, and the parser's message otherwise (a missing header, an
 * unsigned component, a Date outside the 30-minute window). Remote software reads the status.
 * One exception: a request signed with RFC 9421 only gets 401, so that senders that double-knock
 * (Mastodon) retry with draft-cavage (ADR 0004).
 */
import type { VerifyFailure, VerifyFailureReason } from '../signatures';

const MESSAGES: Partial<Record<VerifyFailureReason, string>> = {
  invalid_signature: 'Invalid signature',
  invalid_key: 'Invalid signature',
  unsupported_key_id: 'Invalid key ID',
  key_not_found: 'ActivityPub signature could not be checked',
  key_owner_mismatch: 'ActivityPub signature could not be checked',
};

export function signatureRejection(failure: Pick<VerifyFailure, 'reason' | 'detail'>): { status: 401 | 403; detail: string } {
  if (failure.reason === 'rfc9421_unsupported') return { status: 401, detail: failure.detail };
  return { status: 403, detail: MESSAGES[failure.reason] ?? failure.detail };
}
