import { describe, expect, it } from 'vitest';
import { isDependencyUnavailable } from './dependency-unavailable.js';

describe('isDependencyUnavailable', () => {
  it('recognises a refused or dropped connection', () => {
    expect(
      isDependencyUnavailable(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe(true);
    expect(isDependencyUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDependencyUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(
      true,
    );
  });

  it('recognises PostgreSQL shutdown and connection SQLSTATEs, also inside a driver error', () => {
    expect(
      isDependencyUnavailable({
        message: 'query failed',
        driverError: {
          code: '57P01',
          message: 'terminating connection due to administrator command',
        },
      }),
    ).toBe(true);
    expect(isDependencyUnavailable({ code: '08006', message: 'connection failure' })).toBe(true);
  });

  it('leaves bugs and constraint violations alone', () => {
    expect(isDependencyUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(
      isDependencyUnavailable({
        code: '23505',
        message: 'duplicate key value violates unique constraint',
      }),
    ).toBe(false);
    expect(isDependencyUnavailable(undefined)).toBe(false);
  });
});
