import { EnterpriseNotActive } from '../enterprise.errors.js';

export type EnterpriseStatus = 'active' | 'suspended' | 'closed';

/** A customer organisation; contracts and system accounts belong to one. */
export interface Enterprise {
  readonly id: string;
  readonly name: string;
  /** The registry id of the business (e.g. a VAT or company number); unique. */
  readonly businessId: string;
  readonly status: EnterpriseStatus;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function createEnterprise(
  id: string,
  details: { readonly name: string; readonly businessId: string },
  now: Date,
): Enterprise {
  return {
    id,
    name: details.name,
    businessId: details.businessId,
    status: 'active',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/** New contracts and system accounts only go to an enterprise in good standing. */
export function assertEnterpriseActive(enterprise: Enterprise): void {
  if (enterprise.status !== 'active') {
    throw new EnterpriseNotActive(enterprise.id, enterprise.status);
  }
}
