/** Members whose values never go into the audit log, at any depth. */
const SECRET_KEYS = new Set([
  'secret',
  'clientSecret',
  'client_secret',
  'hash',
  'passwordHash',
  'password',
  'token',
]);

export const REDACTED = '[redacted]';

/**
 * A deep copy of `value` with every secret-bearing member replaced. Credential
 * hashes are redacted too: the audit log tells that a secret changed (its id and
 * dates stay), not what it hashes to.
 */
export function redactSecrets<T>(value: T): T {
  return redact(value) as T;
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(redact);
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, member]) => [
        key,
        SECRET_KEYS.has(key) ? REDACTED : redact(member),
      ]),
    );
  }
  return value;
}
