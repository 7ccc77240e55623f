// LIMIT for the token endpoint: only the work a client_credentials request cannot avoid.
// Parse the form body, find the client in memory, authenticate it (client_secret_basic:
// HMAC-SHA256 + timingSafeEqual, as the auth-server stores secrets; private_key_jwt: the
// RFC 7523 assertion's ES256 signature, claims and a jti not seen before, in memory),
// narrow the scope to the client's contract, sign an RFC 9068 ES256 JWT with node:crypto
// and answer the RFC 6749 §5.1 JSON. No database, no framework, no logging.
//
// options (BENCH_LIMIT_OPTIONS, JSON): { issuer, hashKey, ttl, clients: [{ clientId,
//   secretHash | jwk, audience, scopes, enterpriseId, contractId }] }
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { signEs256 } from '../lib/jwt.mjs';
import { clientAuthenticator } from './client-auth.mjs';
import { options, readBody, send, serve } from './serve.mjs';

const config = options();
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const kid = randomBytes(8).toString('base64url');
const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' }] };
const header = { alg: 'ES256', typ: 'at+jwt', kid };
const authenticate = clientAuthenticator(config);
const ttl = config.ttl ?? 600;

const oauthError = (res, status, error, description, headers) =>
  send(
    res,
    status,
    { error, error_description: description },
    { 'cache-control': 'no-store', ...headers },
  );

function handle(req, res, body) {
  if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return oauthError(
      res,
      400,
      'invalid_request',
      'the body must be application/x-www-form-urlencoded',
    );
  }
  const form = new URLSearchParams(body);
  if (form.get('grant_type') !== 'client_credentials') {
    return oauthError(res, 400, 'unsupported_grant_type', 'only client_credentials');
  }
  const client = authenticate(req.headers.authorization, form);
  if (!client) {
    return oauthError(res, 401, 'invalid_client', 'client authentication failed', {
      'www-authenticate': 'Basic realm="charter"',
    });
  }
  const resource = form.get('resource');
  if (resource !== null && resource !== client.audience) {
    return oauthError(res, 400, 'invalid_target', 'no contract covers that resource');
  }
  const requested = form.get('scope');
  const scopes =
    requested === null
      ? client.scopes
      : requested.split(' ').filter((scope) => client.scopes.includes(scope));
  if (scopes.length === 0) {
    return oauthError(res, 400, 'invalid_scope', 'none of the requested scopes is granted');
  }
  const iat = Math.floor(Date.now() / 1000);
  const scope = scopes.join(' ');
  const token = signEs256(
    {
      iss: config.issuer,
      sub: client.clientId,
      aud: client.audience,
      client_id: client.clientId,
      scope,
      jti: randomBytes(16).toString('base64url'),
      iat,
      exp: iat + ttl,
      enterprise_id: client.enterpriseId,
      contract_id: client.contractId,
    },
    privateKey,
    header,
  );
  send(
    res,
    200,
    { access_token: token, token_type: 'Bearer', expires_in: ttl, scope },
    { 'cache-control': 'no-store', pragma: 'no-cache' },
  );
}

serve((req, res) => {
  if (req.method === 'GET' && req.url === '/.well-known/jwks.json') {
    return send(res, 200, jwks);
  }
  if (req.method !== 'POST' || req.url !== '/token') {
    return send(res, 404, { error: 'not_found' });
  }
  readBody(req, (body) => handle(req, res, body));
});
