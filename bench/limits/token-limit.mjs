// LIMIT for the token endpoint: only the work a client_credentials request
// (client_secret_basic) cannot avoid. Parse the form body, find the client in memory,
// check its secret (HMAC-SHA256 + timingSafeEqual, as the auth-server stores it), narrow
// the scope to the client's contract, sign an RFC 9068 ES256 JWT with node:crypto and
// answer the RFC 6749 §5.1 JSON. No database, no framework, no logging.
//
// options (BENCH_LIMIT_OPTIONS, JSON): { issuer, hashKey, ttl, clients: [{ clientId, secretHash,
//   audience, scopes, enterpriseId, contractId }] }
import { createHmac, generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { signEs256 } from '../lib/jwt.mjs';
import { options, send, serve } from './serve.mjs';

const config = options();
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const kid = randomBytes(8).toString('base64url');
const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' }] };
const header = { alg: 'ES256', typ: 'at+jwt', kid };
const clients = new Map(
  config.clients.map((client) => [
    client.clientId,
    { ...client, secretHash: Buffer.from(client.secretHash, 'hex') },
  ]),
);
const hashKey = config.hashKey;
const ttl = config.ttl ?? 600;

const oauthError = (res, status, error, description, headers) =>
  send(
    res,
    status,
    { error, error_description: description },
    { 'cache-control': 'no-store', ...headers },
  );

function basicCredentials(authorization) {
  if (authorization === undefined || authorization.slice(0, 6).toLowerCase() !== 'basic ') {
    return undefined;
  }
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    return undefined;
  }
  try {
    // RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding.
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return undefined;
  }
}

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
  const presented = basicCredentials(req.headers.authorization);
  const client = presented && clients.get(presented.clientId);
  // The HMAC runs whether or not the client exists, as in the real server.
  const mac = createHmac('sha256', hashKey)
    .update(presented?.secret ?? '', 'utf8')
    .digest();
  if (!client || !timingSafeEqual(mac, client.secretHash)) {
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
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > 16_384) {
      req.destroy();
    } else {
      chunks.push(chunk);
    }
  });
  req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
});
