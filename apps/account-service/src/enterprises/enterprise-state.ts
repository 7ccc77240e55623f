import type { EnterpriseState } from '@charter/events';
import type { Enterprise } from './domain/enterprise.js';

/** The enterprise as its events carry it. */
export function toEnterpriseState(enterprise: Enterprise): EnterpriseState {
  return {
    id: enterprise.id,
    name: enterprise.name,
    businessId: enterprise.businessId,
    status: enterprise.status,
    createdAt: enterprise.createdAt.toISOString(),
    updatedAt: enterprise.updatedAt.toISOString(),
  };
}
