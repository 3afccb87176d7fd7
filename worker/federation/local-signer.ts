/** Opens a local actor's sealed private key to sign requests as that actor (design.md, decision 7). */
import type { Config } from '../config';
import type { Actor } from '../db/schema';
import { decryptPrivateKey } from './signatures';
import type { RequestSigner } from './fetch/remote-fetch';

export class MissingSigningKeyError extends Error {
  override name = 'MissingSigningKeyError';
}

/**
 * The signer of a local actor. The keyId is `<actor>#main-key`, the id our actor
 * documents publish; PeerTube itself signs with the bare URL and accepts both.
 */
export async function localActorSigner(config: Config, actor: Pick<Actor, 'url' | 'privateKeyEnc' | 'host'>): Promise<RequestSigner> {
  if (actor.host !== null) throw new MissingSigningKeyError(`${actor.url} is not a local actor`);
  if (!actor.privateKeyEnc) throw new MissingSigningKeyError(`${actor.url} has no private key`);
  if (!config.keyEncryptionSecret) throw new MissingSigningKeyError('KEY_ENCRYPTION_SECRET is not configured');
  const privateKeyPem = await decryptPrivateKey(actor.privateKeyEnc, config.keyEncryptionSecret);
  return { keyId: `${actor.url}#main-key`, privateKeyPem };
}
