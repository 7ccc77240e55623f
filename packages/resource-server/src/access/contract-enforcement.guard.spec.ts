import type { Principal } from '@charter/auth';
import { Clock, IS_PUBLIC_KEY, type ProblemException } from '@charter/service-kit';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { CallerCoverage } from './caller-coverage.js';
import { ContractEnforcementGuard } from './contract-enforcement.guard.js';
import { ContractRateLimiter } from './contract-rate-limiter.js';
import { DATASETS_KEY } from './datasets.decorator.js';
import { AccessState } from './domain/access-state.js';
import { EnforcementOutcomes } from './enforcement-outcomes.js';

const CONTRACT_ID = '0b7d9f2a-3c4e-4f5a-9b6c-7d8e9f0a1b2c';

class FixedClock extends Clock {
  now(): Date {
    return new Date('2025-06-15T12:00:00Z');
  }
}

function guardWith(contract: { datasets?: string[]; requestsPerMinute?: number | null } = {}) {
  const state = new AccessState();
  state.putContract({
    id: CONTRACT_ID,
    enterpriseId: '6c1f0a3e-1d2b-4c3d-8e4f-5a6b7c8d9e0f',
    resourceIndicator: 'http://localhost:3005',
    scopes: ['ratings:read'],
    datasets: contract.datasets ?? [],
    requestsPerMinute: contract.requestsPerMinute ?? null,
    validFrom: new Date('2025-01-01T00:00:00Z'),
    validUntil: null,
    status: 'active',
    deletedAt: null,
    version: 1,
  });
  const outcomes = new EnforcementOutcomes();
  const guard = new ContractEnforcementGuard(
    new Reflector(),
    new CallerCoverage(state),
    new ContractRateLimiter(state, new FixedClock()),
    outcomes,
  );
  return { guard, outcomes };
}

/** A route (handler and class carrying `metadata`) called by `user`; the reply's headers kept. */
function request(user: Partial<Principal> | undefined, metadata: Record<string, unknown> = {}) {
  const handler = (): void => undefined;
  class Route {}
  for (const [key, value] of Object.entries(metadata)) {
    Reflect.defineMetadata(key, value, handler);
  }
  const headers: Record<string, string> = {};
  const context = {
    getHandler: () => handler,
    getClass: () => Route,
    switchToHttp: () => ({
      getRequest: () => ({ user }),
      getResponse: () => ({
        headers: (values: Record<string, string>) => Object.assign(headers, values),
      }),
    }),
  } as unknown as ExecutionContext;
  return { context, headers };
}

const refusal = (run: () => unknown): ProblemException => {
  try {
    run();
  } catch (error) {
    return error as ProblemException;
  }
  throw new Error('not refused');
};

describe('ContractEnforcementGuard', () => {
  it('refuses a route whose datasets the contract does not cover, and counts why', () => {
    const { guard, outcomes } = guardWith({ datasets: ['ratings'] });
    const { context } = request({ contractId: CONTRACT_ID }, { [DATASETS_KEY]: ['instruments'] });
    const error = refusal(() => guard.canActivate(context));
    expect(error.problem).toMatchObject({ status: 403, code: 'dataset_not_covered' });
    expect(outcomes.snapshot().get('dataset_not_covered')).toBe(1);
    // The neighbouring route, of the covered dataset.
    const covered = request({ contractId: CONTRACT_ID }, { [DATASETS_KEY]: ['ratings'] });
    expect(guard.canActivate(covered.context)).toBe(true);
    expect(outcomes.snapshot().get('served')).toBe(1);
  });

  it('lets a contract naming no dataset read every dataset', () => {
    const { guard } = guardWith({ datasets: [] });
    const { context } = request({ contractId: CONTRACT_ID }, { [DATASETS_KEY]: ['instruments'] });
    expect(guard.canActivate(context)).toBe(true);
  });

  it('takes the rate limit, answers 429 with Retry-After once spent', () => {
    const { guard, outcomes } = guardWith({ requestsPerMinute: 2 });
    const first = request({ contractId: CONTRACT_ID });
    expect(guard.canActivate(first.context)).toBe(true);
    expect(first.headers).toEqual({
      'ratelimit-limit': '2',
      'ratelimit-remaining': '1',
      'ratelimit-reset': '30',
    });
    expect(guard.canActivate(request({ contractId: CONTRACT_ID }).context)).toBe(true);
    const error = refusal(() => guard.canActivate(request({ contractId: CONTRACT_ID }).context));
    expect(error.problem).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(error.problem.headers).toMatchObject({ 'retry-after': '30' });
    expect(outcomes.snapshot().get('rate_limited')).toBe(1);
  });

  it('leaves public routes and tokens without contract alone', () => {
    const { guard } = guardWith({ datasets: ['ratings'], requestsPerMinute: 1 });
    const open = request(undefined, { [IS_PUBLIC_KEY]: true, [DATASETS_KEY]: ['instruments'] });
    expect(guard.canActivate(open.context)).toBe(true);
    const individual = request(
      { subject: 'u1', clientId: 'app' },
      { [DATASETS_KEY]: ['instruments'] },
    );
    expect(guard.canActivate(individual.context)).toBe(true);
    expect(guard.canActivate(individual.context)).toBe(true);
  });
});
