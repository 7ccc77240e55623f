import { z } from 'zod';
import { defineEvent } from '../define-event.js';

export const ContractStatus = z.enum(['active', 'suspended', 'terminated']);
export type ContractStatus = z.infer<typeof ContractStatus>;

export const ContractState = z.object({
  id: z.uuid(),
  enterpriseId: z.uuid(),
  contentApiId: z.uuid(),
  /** The content API's resource indicator, so a projection needs no join. */
  resourceIndicator: z.string().min(1),
  scopes: z.array(z.string().min(1)).min(1),
  validFrom: z.iso.datetime({ offset: true }),
  validUntil: z.iso.datetime({ offset: true }).nullable(),
  status: ContractStatus,
  /** Dataset names of the content API the contract covers; empty: all of them. Added after v1: defaults to []. */
  datasets: z.array(z.string().min(1)).default([]),
  /** Requests per minute per contract, or null for no limit. Added after v1: defaults to null. */
  rateLimit: z.object({ requestsPerMinute: z.number().int().positive() }).nullable().default(null),
  /** Set when the contract was deleted (soft deletion); a deleted contract covers nothing. Added after v1: defaults to null. */
  deletedAt: z.iso.datetime({ offset: true }).nullable().default(null),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type ContractState = z.infer<typeof ContractState>;

const contractEvent = (type: string, change: string) =>
  defineEvent({
    type,
    subject: `accounts.contract.${change}`,
    schemaVersion: 1,
    aggregateType: 'contract',
    data: ContractState,
  });

export const ContractCreated = contractEvent('ContractCreated', 'created');
export const ContractSuspended = contractEvent('ContractSuspended', 'suspended');
export const ContractReactivated = contractEvent('ContractReactivated', 'reactivated');
export const ContractTerminated = contractEvent('ContractTerminated', 'terminated');
/** Soft deletion: the contract stays for history, covers nothing from then on. */
export const ContractDeleted = contractEvent('ContractDeleted', 'deleted');
/** Terms changed: scopes, datasets, validity or rate limit. */
export const ContractUpdated = contractEvent('ContractUpdated', 'updated');
