import { createHash } from 'node:crypto';
import { AccountError } from '../../errors/account-error.js';

/** How long a key is remembered: a retry within this window replays, later it creates anew. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/** Visible ASCII, 1 to 255 characters (a UUID is the usual choice). */
const KEY = /^[\x21-\x7E]{1,255}$/;

/** A create asked for with an `Idempotency-Key`: whose key it is and what exactly was asked. */
export interface IdempotentRequest {
  /** Keys are per client: two clients never see each other's responses. */
  readonly clientId: string;
  readonly key: string;
  /** SHA-256 of method, path and the body in canonical form (member order does not matter). */
  readonly fingerprint: string;
}

export class InvalidIdempotencyKey extends AccountError {
  constructor() {
    super('invalid_idempotency_key', 'Idempotency-Key must be 1 to 255 visible ASCII characters.');
  }
}

export class IdempotencyKeyReused extends AccountError {
  constructor() {
    super(
      'idempotency_key_reused',
      'This Idempotency-Key was used for a different request; use a new key for a new request.',
    );
  }
}

/** Null when there is no key (the create is not idempotent); throws InvalidIdempotencyKey. */
export function idempotentRequest(
  key: string | undefined,
  clientId: string,
  method: string,
  path: string,
  body: unknown,
  secretMembers: readonly string[] = [],
): IdempotentRequest | null {
  if (key === undefined) {
    return null;
  }
  if (!KEY.test(key)) {
    throw new InvalidIdempotencyKey();
  }
  const fingerprint = createHash('sha256')
    .update(
      `${method.toUpperCase()} ${path}\n${canonicalJson(withoutMembers(body, secretMembers))}`,
    )
    .digest('hex');
  return { clientId, key, fingerprint };
}

/**
 * Binds a secret member left out of the fingerprint (a password) back in by its
 * keyed digest, so the same key with another password is still another request,
 * while the stored fingerprint is no fast unkeyed hash of the password.
 */
export function withSecretDigest(request: IdempotentRequest, digest: string): IdempotentRequest {
  return {
    ...request,
    fingerprint: createHash('sha256').update(`${request.fingerprint}\n${digest}`).digest('hex'),
  };
}

function withoutMembers(body: unknown, members: readonly string[]): unknown {
  if (members.length === 0 || body === null || typeof body !== 'object' || Array.isArray(body)) {
    return body;
  }
  return Object.fromEntries(Object.entries(body).filter(([name]) => !members.includes(name)));
}

/** JSON with object members sorted by name, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What a retry with the same key and request gets back. */
export interface StoredResponse {
  readonly status: number;
  readonly body: object;
}

/** Throws IdempotencyKeyReused when the stored request is not this one. */
export function replayFor(
  request: IdempotentRequest,
  stored: { readonly fingerprint: string } & StoredResponse,
): StoredResponse {
  if (stored.fingerprint !== request.fingerprint) {
    throw new IdempotencyKeyReused();
  }
  return { status: stored.status, body: stored.body };
}
