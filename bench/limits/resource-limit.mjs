// LIMIT for a protected read: only the work a resource server cannot avoid. Verify the
// ES256 access token with node:crypto against the issuer's JWKS (fetched once by the
// parent and passed in), check typ, iss, aud, exp and the scope, look the contract up in
// an in-memory set of refused contracts, and answer a small JSON.
//
// options (BENCH_LIMIT_OPTIONS, JSON): { issuer, audience, scope, jwks }
import { keysFromJwks, verifyAccessToken } from '../lib/jwt.mjs';
import { bearer, invalidToken, options, send, serve } from './serve.mjs';

const config = options();
const keys = keysFromJwks(config.jwks);
/** What a projection of suspended contracts would be, held in memory (empty here). */
const refusedContracts = new Set();
const body = {
  items: [{ id: 'a-1', title: 'Markets open higher', publishedAt: '2025-01-02T08:00:00.000Z' }],
  nextCursor: null,
};

serve((req, res) => {
  if (req.method !== 'GET' || !req.url.startsWith('/v1/articles')) {
    return send(res, 404, { error: 'not_found' });
  }
  const verified = verifyAccessToken(bearer(req), {
    keys,
    issuer: config.issuer,
    audience: config.audience,
  });
  if (!verified.ok) {
    return invalidToken(res, verified.reason);
  }
  if (refusedContracts.has(verified.claims.contract_id)) {
    return invalidToken(res, 'the contract is not in force');
  }
  if (
    !String(verified.claims.scope ?? '')
      .split(' ')
      .includes(config.scope)
  ) {
    return send(
      res,
      403,
      { error: 'insufficient_scope' },
      { 'www-authenticate': `Bearer error="insufficient_scope", scope="${config.scope}"` },
    );
  }
  send(res, 200, body);
});
