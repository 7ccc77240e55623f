/** Network errors of a socket to PostgreSQL (or another dependency) that went away. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** What node-postgres and its pool say when the server is gone or unreachable. */
const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection error/i,
  /the database system is (starting up|shutting down)/i,
];

/**
 * True when a failure is a dependency being down rather than a bug: a refused or
 * dropped connection, or PostgreSQL's SQLSTATE class 08 (connection exception) and
 * 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now). Callers answer
 * 503 with Retry-After instead of 500.
 */
export function isDependencyUnavailable(error: unknown): boolean {
  for (
    let current: unknown = error, depth = 0;
    current !== null && typeof current === 'object' && depth < 5;
    depth += 1
  ) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (
      typeof code === 'string' &&
      (NETWORK_CODES.has(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code))
    ) {
      return true;
    }
    if (
      typeof message === 'string' &&
      CONNECTION_MESSAGES.some((pattern) => pattern.test(message))
    ) {
      return true;
    }
    const next = current as { driverError?: unknown; cause?: unknown };
    current = next.driverError ?? next.cause;
  }
  return false;
}
