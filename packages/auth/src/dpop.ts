/**
 * `@charter/auth/dpop`: the RFC 9449 proof rules alone, without the NestJS guard, for the
 * authorization server (token and PAR endpoints) and anyone else who only checks proofs.
 */
export { DpopNonces } from './domain/dpop-nonce.js';
export {
  accessTokenHash,
  DPOP_PROOF_TYPE,
  DPOP_SIGNING_ALGORITHMS,
  type DpopExpectation,
  type DpopNonceRule,
  type DpopProofError,
  type DpopProofResult,
  normalizeHtu,
  type VerifiedDpopProof,
  verifyDpopProof,
} from './domain/dpop-proof.js';
