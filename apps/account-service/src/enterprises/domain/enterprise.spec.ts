import { describe, expect, it } from 'vitest';
import { EnterpriseNotActive } from '../enterprise.errors.js';
import { assertEnterpriseActive, createEnterprise, type EnterpriseStatus } from './enterprise.js';

const NOW = new Date('2025-06-01T12:00:00.000Z');

describe('enterprises', () => {
  it('start active at version 1', () => {
    expect(createEnterprise('id', { name: 'Acme', businessId: '1234567-8' }, NOW)).toEqual({
      id: 'id',
      name: 'Acme',
      businessId: '1234567-8',
      status: 'active',
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
