// LIMIT for token introspection (RFC 7662): only the work an introspection of the caller's
// own access token cannot avoid. Parse the form body, authenticate the client
// (client_secret_basic, as the token limit does), verify the ES256 token with node:crypto
// against the issuer's JWKS, check that it was issued to the caller, look it up in an
// in-memory revocation set, and answer the RFC 7662 §2.2 JSON. No database, no framework.
//
// options (BENCH_LIMIT_OPTIONS, JSON): { issuer, audience, hashKey, jwks,
//   clients: [{ clientId, secretHash }] }
import { keysFromJwks, verifyAccessToken } from '../lib/jwt.mjs';
import { clientAuthenticator } from './client-auth.mjs';
import { options, readBody, send, serve } from './serve.mjs';

const config = options();
const keys = keysFromJwks(config.jwks);
const authenticate = clientAuthenticator(config);
/** What a list of revoked token ids would be, held in memory (empty here). */
const revoked = new Set();
const headers = { 'cache-control': 'no-store', pragma: 'no-cache' };

function handle(req, res, body) {
  const form = new URLSearchParams(body);
  const client = authenticate(req.headers.authorization, form);
  if (!client) {
    return send(
      res,
      401,
      { error: 'invalid_client', error_description: 'client authentication failed' },
      { ...headers, 'www-authenticate': 'Basic realm="charter"' },
    );
  }
  const verified = verifyAccessToken(form.get('token') ?? '', {
    keys,
    issuer: config.issuer,
    audience: config.audience,
  });
  if (
    !verified.ok ||
    verified.claims.client_id !== client.clientId ||
    revoked.has(verified.claims.jti)
  ) {
    return send(res, 200, { active: false }, headers);
  }
  const { scope, client_id, sub, aud, iss, exp, iat, jti } = verified.claims;
  send(
    res,
    200,
    { active: true, scope, client_id, sub, aud, iss, exp, iat, jti, token_type: 'Bearer' },
    headers,
  );
}

serve((req, res) => {
  if (req.method !== 'POST' || req.url !== '/introspect') {
    return send(res, 404, { error: 'not_found' });
  }
  readBody(req, (body) => handle(req, res, body));
});
