// Client authentication as a limit does it: the clients in a Map, client_secret_basic
// checked with HMAC-SHA256 + timingSafeEqual (as the auth-server stores secrets), and
// private_key_jwt (RFC 7523) checked with node:crypto against the client's public key, its
// jti remembered in memory until it expires.
import { createHmac, createPublicKey, timingSafeEqual } from 'node:crypto';
import { assertionRefusal, JWT_BEARER_ASSERTION_TYPE } from '../lib/jwt.mjs';

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

/**
 * @param config { issuer, hashKey, clients: [{ clientId, secretHash (hex) | jwk }] }
 * @returns (authorization header, form URLSearchParams) → the client, or undefined
 */
export function clientAuthenticator({ issuer, hashKey, clients: registered }) {
  const clients = new Map(
    registered.map((client) => [
      client.clientId,
      {
        ...client,
        secretHash: client.secretHash ? Buffer.from(client.secretHash, 'hex') : undefined,
        key: client.jwk ? createPublicKey({ key: client.jwk, format: 'jwk' }) : undefined,
      },
    ]),
  );
  const seen = new Map();
  return (authorization, form) => {
    if (form.get('client_assertion_type') === JWT_BEARER_ASSERTION_TYPE) {
      const client = clients.get(form.get('client_id'));
      const refusal =
        client?.key === undefined
          ? 'unknown client'
          : assertionRefusal(form.get('client_assertion'), {
              key: client.key,
              clientId: client.clientId,
              audience: issuer,
              seen,
            });
      return refusal === null ? client : undefined;
    }
    const presented = basicCredentials(authorization);
    const client = presented && clients.get(presented.clientId);
    // The HMAC runs whether or not the client exists, as in the real server.
    const mac = createHmac('sha256', hashKey)
      .update(presented?.secret ?? '', 'utf8')
      .digest();
    return client?.secretHash && timingSafeEqual(mac, client.secretHash) ? client : undefined;
  };
}
