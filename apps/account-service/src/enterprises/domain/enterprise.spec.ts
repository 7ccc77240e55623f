import { describe, expect, it } from 'vitest';
import { EnterpriseNotActive } from '../enterprise.errors.js';
import {
  assertEnterpriseActive,
  createEnterprise,
  type Enterprise,
  type EnterpriseStatus,
  updateEnterprise,
} from './enterprise.js';

const NOW = new Date('2025-06-01T12:00:00.000Z');

describe('enterprises', () => {
  it('start active at version 1', () => {
    expect(createEnterprise('id', { name: 'Acme', businessId: '1234567-8' }, NOW)).toEqual({
      id: 'id',
      name: 'Acme',
      businessId: '1234567-8',
      status: 'active',
      contacts: [],
      metadata: {},
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  it.each<EnterpriseStatus>(['suspended', 'closed'])(
    'take no new contracts or accounts when %s',
    (status) => {
      const enterprise = {
        ...createEnterprise('id', { name: 'Acme', businessId: '1' }, NOW),
        status,
      };
      expect(() => assertEnterpriseActive(enterprise)).toThrow(EnterpriseNotActive);
    },
  );

  it('take them when active', () => {
    expect(() =>
      assertEnterpriseActive(createEnterprise('id', { name: 'Acme', businessId: '1' }, NOW)),
    ).not.toThrow();
  });
});

describe('enterprise updates', () => {
  const LATER = new Date('2025-07-01T00:00:00.000Z');
  const contact = { name: 'Maija', email: 'billing@acme.example', phone: null, role: 'billing' };
  const build = (overrides: Partial<Enterprise> = {}): Enterprise => ({
    ...createEnterprise(
      'id',
      { name: 'Acme', businessId: '1', contacts: [contact], metadata: { a: '1', b: '2' } },
      NOW,
    ),
    ...overrides,
  });

  it('replace what is given, keep the rest, and move to the next version', () => {
    const updated = updateEnterprise(build(), { name: 'Acme Group', metadata: { c: '3' } }, LATER);
    expect(updated).toMatchObject({
      name: 'Acme Group',
      businessId: '1',
      contacts: [contact],
      metadata: { c: '3' },
      version: 2,
      createdAt: NOW,
      updatedAt: LATER,
    });
  });

  it('change nothing (null) when the values are the ones it has, whatever the key order', () => {
    expect(updateEnterprise(build(), {}, LATER)).toBeNull();
    expect(
      updateEnterprise(
        build(),
        { name: 'Acme', contacts: [{ ...contact }], metadata: { b: '2', a: '1' } },
        LATER,
      ),
    ).toBeNull();
  });

  it('refuse changes to a closed enterprise, but not a restatement', () => {
    const closed = build({ status: 'closed' });
    expect(() => updateEnterprise(closed, { name: 'New' }, LATER)).toThrow(EnterpriseNotActive);
    expect(updateEnterprise(closed, { name: 'Acme' }, LATER)).toBeNull();
  });

  it('take changes while suspended', () => {
    expect(updateEnterprise(build({ status: 'suspended' }), { contacts: [] }, LATER)).toMatchObject(
      { contacts: [], status: 'suspended', version: 2 },
    );
  });
});
