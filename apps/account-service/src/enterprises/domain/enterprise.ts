import { EnterpriseNotActive } from '../enterprise.errors.js';

export type EnterpriseStatus = 'active' | 'suspended' | 'closed';

export const ENTERPRISE_STATUSES: readonly EnterpriseStatus[] = ['active', 'suspended', 'closed'];

/** Someone to reach at the enterprise (billing, technical, legal, ...). */
export interface EnterpriseContact {
  readonly name: string | null;
  readonly email: string;
  readonly phone: string | null;
  readonly role: string | null;
}

/** Free-form string pairs an admin keeps on the enterprise (CRM ids, notes); never interpreted. */
export type Metadata = Readonly<Record<string, string>>;

/** Bounds of contacts and metadata, shared by the DTOs and the docs. */
export const ENTERPRISE_LIMITS = {
  contacts: 20,
  metadataKeys: 50,
  metadataKeyLength: 40,
  metadataValueLength: 500,
} as const;

/** A customer organisation; contracts and system accounts belong to one. */
export interface Enterprise {
  readonly id: string;
  readonly name: string;
  /** The registry id of the business (e.g. a VAT or company number); unique. */
  readonly businessId: string;
  readonly status: EnterpriseStatus;
  readonly contacts: readonly EnterpriseContact[];
  readonly metadata: Metadata;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface EnterpriseDetails {
  readonly name: string;
  readonly businessId: string;
  readonly contacts?: readonly EnterpriseContact[];
  readonly metadata?: Metadata;
}

/** What a PATCH may change; an absent member stays as it is. */
export interface EnterpriseChanges {
  readonly name?: string;
  /** Replaces the whole list. */
  readonly contacts?: readonly EnterpriseContact[];
  /** Replaces the whole map. */
  readonly metadata?: Metadata;
}

export function createEnterprise(id: string, details: EnterpriseDetails, now: Date): Enterprise {
  return {
    id,
    name: details.name,
    businessId: details.businessId,
    status: 'active',
    contacts: [...(details.contacts ?? [])],
    metadata: { ...details.metadata },
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Applies a PATCH. Returns null when nothing would change, so an update that
 * restates the current values bumps no version and emits no event. A closed
 * enterprise keeps its details for the record but takes no more changes.
 */
export function updateEnterprise(
  enterprise: Enterprise,
  changes: EnterpriseChanges,
  now: Date,
): Enterprise | null {
  const next: Enterprise = {
    ...enterprise,
    name: changes.name ?? enterprise.name,
    contacts: changes.contacts === undefined ? enterprise.contacts : [...changes.contacts],
    metadata: changes.metadata === undefined ? enterprise.metadata : { ...changes.metadata },
  };
  if (
    next.name === enterprise.name &&
    sameJson(next.contacts, enterprise.contacts) &&
    sameJson(sortedEntries(next.metadata), sortedEntries(enterprise.metadata))
  ) {
    return null;
  }
  assertNotClosed(enterprise);
  return { ...next, version: enterprise.version + 1, updatedAt: now };
}

/** New contracts and system accounts only go to an enterprise in good standing. */
export function assertEnterpriseActive(enterprise: Enterprise): void {
  if (enterprise.status !== 'active') {
    throw new EnterpriseNotActive(enterprise.id, enterprise.status);
  }
}

function assertNotClosed(enterprise: Enterprise): void {
  if (enterprise.status === 'closed') {
    throw new EnterpriseNotActive(enterprise.id, enterprise.status);
  }
}

function sortedEntries(metadata: Metadata): Array<[string, string]> {
  return Object.entries(metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
