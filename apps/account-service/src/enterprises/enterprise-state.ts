import type { EnterpriseState } from '@charter/events';
import type { Enterprise } from './domain/enterprise.js';

/** The enterprise as its events carry it. */
export function toEnterpriseState(enterprise: Enterprise): EnterpriseState {
  return {
    id: enterprise.id,
    name: enterprise.name,
    businessId: enterprise.businessId,
    status: enterprise.status,
    contacts: enterprise.contacts.map((contact) => ({ ...contact })),
    metadata: { ...enterprise.metadata },
    createdAt: enterprise.createdAt.toISOString(),
    updatedAt: enterprise.updatedAt.toISOString(),
  };
}
