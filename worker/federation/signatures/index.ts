/**
 * HTTP signatures (draft-cavage, rsa-sha256) and actor keys, on WebCrypto only.
 * See docs/adr/0004-http-signatures.md.
 */
export {
  decryptPrivateKey,
  encryptPrivateKey,
  generateActorKeyPair,
  importPrivateKey,
  importPublicKey,
  KeyDecryptionError,
  type ActorKeyPair,
  type KeyEncryptionOptions,
} from './keys';
export { checkDigest, digestHeader, verifyDigest, type BodyBytes, type DigestCheck } from './digest';
export { signRequest, type SignatureHeaders, type SignRequestInput } from './sign';
export {
  parseSignatureHeader,
  verifyRequest,
  type KeyResolvers,
  type ResolvedKey,
  type SignatureParams,
  type VerifyFailure,
  type VerifyFailureReason,
  type VerifyRequestInput,
  type VerifyResult,
  type VerifySuccess,
} from './verify';
export type { HeadersInput } from './signing-string';
