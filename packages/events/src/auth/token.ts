import { z } from 'zod';
import { defineEvent } from '../define-event.js';

/**
 * A revoked access token, by its `jti` (the aggregate id): never the token itself.
 * `expiresAt` is the token's own `exp`, so a revocation list can forget the entry
 * once the token would have expired anyway.
 */
export const RevokedTokenState = z.object({
  /** The token's `jti` (RFC 7519 §4.1.7). */
  id: z.string().min(1).max(255),
  /** The client the token was issued to (the only one that may revoke it, RFC 7009 §2.1). */
  clientId: z.string().min(1),
  expiresAt: z.iso.datetime({ offset: true }),
  revokedAt: z.iso.datetime({ offset: true }),
});
export type RevokedTokenState = z.infer<typeof RevokedTokenState>;

/** RFC 7009: a client revoked one of its tokens; resource servers refuse it from now on. */
export const TokenRevoked = defineEvent({
  type: 'TokenRevoked',
  subject: 'auth.token.revoked',
  schemaVersion: 1,
  aggregateType: 'token',
  data: RevokedTokenState,
});
