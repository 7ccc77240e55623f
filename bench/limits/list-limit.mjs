// LIMIT for the admin list: verify the admin's ES256 token (typ, iss, aud, exp, scope)
// with node:crypto, run the one query the list needs on the same PostgreSQL table
// through `pg` (a pool of 10, like TypeORM's default), and serialise the rows in the
// account-service's response shape. No ORM, no validation pipes, no logging.
//
// options (BENCH_LIMIT_OPTIONS, JSON): { issuer, audience, scope, jwks, databaseUrl }
import { createRequire } from 'node:module';
import { keysFromJwks, verifyAccessToken } from '../lib/jwt.mjs';
import { bearer, invalidToken, options, send, serve } from './serve.mjs';

const require = createRequire(new URL('../../packages/testing/package.json', import.meta.url));
const pg = require('pg');

const config = options();
const keys = keysFromJwks(config.jwks);
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
const SQL = `SELECT id, enterprise_id, content_api_id, scopes, valid_from, valid_until, status, version, created_at, updated_at
  FROM accounts.contracts ORDER BY created_at ASC, id ASC LIMIT $1`;

const contract = (row) => ({
  id: row.id,
  enterpriseId: row.enterprise_id,
  contentApiId: row.content_api_id,
  scopes: row.scopes,
  validFrom: row.valid_from.toISOString(),
  validUntil: row.valid_until === null ? null : row.valid_until.toISOString(),
  status: row.status,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

serve((req, res) => {
  const url = new URL(req.url, 'http://limit');
  if (req.method !== 'GET' || url.pathname !== '/v1/contracts') {
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
  if (
    !String(verified.claims.scope ?? '')
      .split(' ')
      .includes(config.scope)
  ) {
    return send(res, 403, { error: 'insufficient_scope' });
  }
  // The parent passes the page size the real list answered with, so both send as many rows.
  const limit = Number(url.searchParams.get('limit') ?? 'NaN');
  pool.query(SQL, [Number.isInteger(limit) && limit > 0 ? limit : null]).then(
    (result) => send(res, 200, { items: result.rows.map(contract) }),
    (error) => send(res, 500, { error: 'server_error', error_description: error.message }),
  );
});
