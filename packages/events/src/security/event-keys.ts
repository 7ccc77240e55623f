import { readFileSync } from 'node:fs';
import type { JSONWebKeySet, JWK } from 'jose';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** The services that sign what they put on the bus. */
export const EVENT_PRODUCERS = ['account-service', 'auth-server', 'content-api'] as const;
export type EventProducer = (typeof EVENT_PRODUCERS)[number];

/** The algorithm of every event signature (RFC 7518 §3.4): ECDSA P-256 with SHA-256. */
export const EVENT_SIGNATURE_ALGORITHM = 'ES256';
/** Key agreement and content encryption of sealed fields (RFC 7518 §4.6 and §5.3). */
export const EVENT_KEY_MANAGEMENT_ALGORITHM = 'ECDH-ES+A256KW';
export const EVENT_CONTENT_ENCRYPTION = 'A256GCM';

/**
 * Key material comes inline (a JSON object) or from a file (an absolute path, e.g. a mounted
 * secret): `{"kty":"EC",...}` or `/run/secrets/events-signing-key.json`.
 */
export function readKeyMaterial(value: string): unknown {
  const text = value.trimStart().startsWith('{') ? value : readFileSync(value, 'utf8');
  return JSON.parse(text) as unknown;
}

const isEcP256 = (jwk: Record<string, unknown>): boolean =>
  jwk.kty === 'EC' && jwk.crv === 'P-256' && typeof jwk.x === 'string' && typeof jwk.y === 'string';

const hasKid = (jwk: Record<string, unknown>): boolean =>
  typeof jwk.kid === 'string' && jwk.kid.length > 0;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A private P-256 JWK with a `kid`: a service's event signing key, or one of the decryption keys. */
export function parsePrivateKey(value: string): JWK {
  const jwk = readKeyMaterial(value);
  if (!isObject(jwk) || !isEcP256(jwk) || typeof jwk.d !== 'string' || !hasKid(jwk)) {
    throw new Error('must be a private EC P-256 JWK with a kid');
  }
  return jwk;
}

/** A public P-256 JWK with a `kid` and no private part. */
export function parsePublicKey(value: string): JWK {
  const jwk = readKeyMaterial(value);
  if (!isObject(jwk) || !isEcP256(jwk) || 'd' in jwk || !hasKid(jwk)) {
    throw new Error('must be a public EC P-256 JWK with a kid');
  }
  return jwk;
}

function parseKeySet(
  value: string,
  isKey: (jwk: Record<string, unknown>) => boolean,
  rule: string,
): JSONWebKeySet {
  const set = readKeyMaterial(value);
  if (!isObject(set) || !Array.isArray(set.keys) || set.keys.length === 0) {
    throw new Error(`must be a JWK Set of ${rule}`);
  }
  const kids = new Set<string>();
  for (const key of set.keys as unknown[]) {
    if (!isObject(key) || !isKey(key) || !hasKid(key) || kids.has(key.kid as string)) {
      throw new Error(`must be a JWK Set of ${rule}`);
    }
    kids.add(key.kid as string);
  }
  return set as unknown as JSONWebKeySet;
}

/** The public keys a producer signs with (the current one and those still in rotation). */
export function parsePublicKeySet(value: string): JSONWebKeySet {
  return parseKeySet(
    value,
    (jwk) => isEcP256(jwk) && !('d' in jwk),
    'public EC P-256 keys with distinct kids',
  );
}

/** The private keys sealed fields may be encrypted to (the current one and those still in rotation). */
export function parsePrivateKeySet(value: string): JSONWebKeySet {
  return parseKeySet(
    value,
    (jwk) => isEcP256(jwk) && typeof jwk.d === 'string',
    'private EC P-256 keys with distinct kids',
  );
}

function keyRule(
  name: string,
  parse: (value: string) => unknown,
  options?: ValidationOptions,
): PropertyDecorator {
  let lastError = '';
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') {
            lastError = 'must be a string';
            return false;
          }
          try {
            parse(value);
            return true;
          } catch (error) {
            // The rule, never the value (a file that is not JSON says only that).
            lastError =
              error instanceof SyntaxError
                ? 'must be JSON (inline, or the path of a JSON file)'
                : (error as Error).message.startsWith('must')
                  ? (error as Error).message
                  : 'must name a readable file';
            return false;
          }
        },
        defaultMessage: () => lastError,
      },
    },
    options,
  );
}

/** Config rule: a private P-256 JWK with a kid (inline JSON or a file path). */
export const IsPrivateEventKey = (options?: ValidationOptions): PropertyDecorator =>
  keyRule('isPrivateEventKey', parsePrivateKey, options);
/** Config rule: a public P-256 JWK with a kid. */
export const IsPublicEventKey = (options?: ValidationOptions): PropertyDecorator =>
  keyRule('isPublicEventKey', parsePublicKey, options);
/** Config rule: a JWK Set of public P-256 keys. */
export const IsPublicEventKeySet = (options?: ValidationOptions): PropertyDecorator =>
  keyRule('isPublicEventKeySet', parsePublicKeySet, options);
/** Config rule: a JWK Set of private P-256 keys. */
export const IsPrivateEventKeySet = (options?: ValidationOptions): PropertyDecorator =>
  keyRule('isPrivateEventKeySet', parsePrivateKeySet, options);
