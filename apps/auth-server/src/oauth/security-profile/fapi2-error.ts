import {
  InvalidClient,
  InvalidDpopProof,
  InvalidRequest,
  type OAuthError,
  UnauthorizedClient,
} from '../oauth.errors.js';
import type { Fapi2Refusal } from './domain/fapi2.js';

/** The RFC 6749 §5.2 error a FAPI 2.0 refusal is answered with. */
export function fapi2Error(refusal: Fapi2Refusal): OAuthError {
  switch (refusal.error) {
    case 'invalid_client':
      return new InvalidClient(refusal.description);
    case 'invalid_request':
      return new InvalidRequest(refusal.description);
    case 'unauthorized_client':
      return new UnauthorizedClient(refusal.description);
    case 'invalid_dpop_proof':
      return new InvalidDpopProof(refusal.description);
  }
}
