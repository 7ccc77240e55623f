import type { Principal } from '@charter/auth';
import { Clock } from '@charter/service-kit';
import { describe, expect, it } from 'vitest';
import { EnforcementOutcomes } from '../access/enforcement-outcomes.js';
import { AccessState } from '../access/domain/access-state.js';
import { UsageMeter } from './usage-meter.js';

const KNOWN = '00000000-0000-4000-8000-000000000001';
const UNKNOWN = '00000000-0000-4000-8000-000000000002';

function caller(contractId: string | undefined): Principal {
  return {
    subject: 'portal',
    clientId: 'portal',
    scopes: ['ratings:read'],
    ...(contractId === undefined ? {} : { contractId, enterpriseId: 'e' }),
  } as unknown as Principal;
}

class FixedClock extends Clock {
  now(): Date {
    return new Date('2026-12-07T10:00:30Z');
  }
}

describe('UsageMeter through EnforcementOutcomes', () => {
  const setup = () => {
    const state = new AccessState();
    state.putContract({
      id: KNOWN,
      enterpriseId: 'e',
      resourceIndicator: 'http://localhost:3005',
      scopes: ['ratings:read'],
      datasets: [],
      requestsPerMinute: null,
      validFrom: new Date('2025-01-01T00:00:00Z'),
      validUntil: null,
      status: 'active',
      deletedAt: null,
      version: 1,
    });
    const meter = new UsageMeter(state, new FixedClock());
    return { meter, outcomes: new EnforcementOutcomes(meter) };
  };

  it("meters a known contract's requests by client, first dataset and outcome", () => {
    const { meter, outcomes } = setup();
    outcomes.record('served', caller(KNOWN), ['ratings', 'instruments']);
    outcomes.record('served', caller(KNOWN), ['ratings']);
    outcomes.record('rate_limited', caller(KNOWN), ['ratings']);
    outcomes.record('token_revoked', caller(KNOWN));

    expect(meter.drain().counts).toEqual([
      {
        contractId: KNOWN,
        clientId: 'portal',
        dataset: 'ratings',
        outcome: 'served',
        minute: '2026-12-07T10:00:00.000Z',
        count: 2,
      },
      {
        contractId: KNOWN,
        clientId: 'portal',
        dataset: 'ratings',
        outcome: 'rate_limited',
        minute: '2026-12-07T10:00:00.000Z',
        count: 1,
      },
      {
        contractId: KNOWN,
        clientId: 'portal',
        dataset: '',
        outcome: 'token_revoked',
        minute: '2026-12-07T10:00:00.000Z',
        count: 1,
      },
    ]);
    expect(outcomes.snapshot().get('served')).toBe(2);
  });

  it('meters nothing for a token without contract, an unknown contract, or without caller', () => {
    const { meter, outcomes } = setup();
    outcomes.record('served', caller(undefined));
    outcomes.record('contract_unknown', caller(UNKNOWN));
    outcomes.record('access_state_unavailable');

    expect(meter.drain().counts).toEqual([]);
    // Still counted by outcome (what a metrics exporter reads).
    expect(outcomes.snapshot().get('contract_unknown')).toBe(1);
  });
});
