import { describe, expect, it } from 'vitest';
import { IllegalEnterpriseTransition } from '../enterprise.errors.js';
import { createEnterprise, type EnterpriseStatus } from './enterprise.js';
import {
  canTransitionEnterprise,
  type EnterpriseStatusAction,
  transitionEnterprise,
} from './enterprise-status.js';

const T0 = new Date('2025-01-01T00:00:00.000Z');
const NOW = new Date('2025-06-01T12:00:00.000Z');

const build = (status: EnterpriseStatus) => ({
  ...createEnterprise('id', { name: 'Acme', businessId: '1' }, T0),
  status,
  version: 3,
});

describe('enterprise status transitions', () => {
  const table: Array<[EnterpriseStatus, EnterpriseStatusAction, EnterpriseStatus | 'illegal']> = [
    ['active', 'suspend', 'suspended'],
    ['active', 'reactivate', 'illegal'],
    ['active', 'close', 'closed'],
    ['suspended', 'suspend', 'illegal'],
    ['suspended', 'reactivate', 'active'],
    ['suspended', 'close', 'closed'],
    ['closed', 'suspend', 'illegal'],
    ['closed', 'reactivate', 'illegal'],
    ['closed', 'close', 'illegal'],
  ];

  it.each(table)('%s --%s--> %s', (from, action, to) => {
    const enterprise = build(from);
    expect(canTransitionEnterprise(from, action)).toBe(to !== 'illegal');
    if (to === 'illegal') {
      expect(() => transitionEnterprise(enterprise, action, NOW)).toThrow(
        IllegalEnterpriseTransition,
      );
      return;
    }
    expect(transitionEnterprise(enterprise, action, NOW)).toEqual({
      ...enterprise,
      status: to,
      version: 4,
      updatedAt: NOW,
    });
  });

  it('says what was refused, with the stable code', () => {
    try {
      transitionEnterprise(build('closed'), 'reactivate', NOW);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        code: 'illegal_status_transition',
        message: 'A closed enterprise cannot be reactivated.',
      });
    }
  });
});
