// LIMIT for the admin list: verify the admin's ES256 token (typ, iss, aud, exp, scope)
// with node:crypto, run the one query the first page needs on the same PostgreSQL table
// (keyset order created_at, id; one row more than the page to know whether another page
// follows) through `pg` (a pool of 10, like TypeORM's default), and serialise the rows
// in the account-service's response shape with its cursor. No ORM, no validation
// pipes, no logging.
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
  FROM accounts.contracts ORDER BY created_at ASC, id ASC LIMIT $1 + 1`;

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
  const limit = Number(url.searchParams.get('limit') ?? '50');
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    return send(res, 400, { error: 'invalid_request' });
  }
  pool.query(SQL, [limit]).then(
    (result) => {
      const items = result.rows.slice(0, limit).map(contract);
      const last = items.at(-1);
      // The service's opaque cursor: base64url of JSON [sort, value, id].
      const nextCursor =
        result.rows.length > limit
          ? Buffer.from(JSON.stringify(['createdAt', last.createdAt, last.id])).toString(
              'base64url',
            )
          : null;
      send(res, 200, { items, nextCursor });
    },
    (error) => send(res, 500, { error: 'server_error', error_description: error.message }),
  );
});
