import { importJWK, type JWK, SignJWT } from 'jose';
import { queryDatabase, type TestContext } from '@charter/testing';
import { LOCAL_KEYS_ENCRYPTION_KEY } from '../../src/config/auth-server.config.js';
import { KeyEncryption } from '../../src/keys/key-encryption.js';

/**
 * Signs a JWT with the server's own current signing key of `header.alg` (ES256, the
 * access-token default, unless given), read from the database and decrypted as the server
 * does: for tokens the token endpoint would never issue (already expired, another `typ` or
 * `iss`), which must still be refused.
 */
export async function signWithServerKey(
  ctx: TestContext,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  const [row] = await queryDatabase<{
    kid: string;
    algorithm: string;
    private_jwk_encrypted: string;
  }>(
    ctx.databaseUrl,
    `SELECT kid, algorithm, private_jwk_encrypted FROM auth.signing_keys
      WHERE algorithm = $1 AND not_before <= now() AND active_until > now()
      ORDER BY not_before DESC LIMIT 1`,
    [typeof header.alg === 'string' ? header.alg : 'ES256'],
  );
  if (!row) {
    throw new Error('the server has no signing key yet');
  }
  const jwk = JSON.parse(
    new KeyEncryption(LOCAL_KEYS_ENCRYPTION_KEY).decrypt(
      row.private_jwk_encrypted,
      `${row.kid}:${row.algorithm}`,
    ),
  ) as JWK;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: row.algorithm, typ: 'at+jwt', kid: row.kid, ...header })
    .sign(await importJWK(jwk, row.algorithm));
}
