import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTENT_API_AUDIENCE } from './account-events.js';

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A stand-in authorization server for tokens the real one does not issue yet (user tokens
 * after token exchange, individual users' tokens): its own ES256 key, served as a JWKS over
 * HTTP, so the content API verifies these tokens exactly as it verifies the real ones.
 */
export interface TestIssuer {
  /** The issuer identifier (`iss`); the JWKS is at `${url}/.well-known/jwks.json`. */
  readonly url: string;
  /** An RFC 9068 access token with these claims over sensible defaults (aud = this API, 10 minutes). */
  token(claims: Record<string, unknown>): string;
  stop(): Promise<void>;
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = `test-${randomBytes(4).toString('hex')}`;
  const jwks = JSON.stringify({
    keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' }],
  });
  const server: Server = createServer((request, response) => {
    if (request.url === '/.well-known/jwks.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    token(claims) {
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        iss: url,
        aud: CONTENT_API_AUDIENCE,
        jti: randomBytes(16).toString('base64url'),
        iat: now,
        exp: now + 600,
        ...claims,
      };
      const input = `${encode({ alg: 'ES256', typ: 'at+jwt', kid })}.${encode(payload)}`;
      const signature = sign('sha256', Buffer.from(input), {
        key: privateKey,
        dsaEncoding: 'ieee-p1363',
      });
      return `${input}.${signature.toString('base64url')}`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
