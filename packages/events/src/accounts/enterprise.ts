import { z } from 'zod';
import { defineEvent } from '../define-event.js';

export const EnterpriseStatus = z.enum(['active', 'suspended', 'closed']);
export type EnterpriseStatus = z.infer<typeof EnterpriseStatus>;

export const EnterpriseState = z.object({
  id: z.uuid(),
  name: z.string().min(1),
  businessId: z.string().min(1),
  status: EnterpriseStatus,
  /** Added after schema version 1 went out: optional, so an older event still validates (absent = none). */
  contacts: z
    .array(
      z.object({
        name: z.string().nullable(),
        email: z.string().min(1),
        phone: z.string().nullable(),
        role: z.string().nullable(),
      }),
    )
    .optional(),
  /** Free-form string pairs an admin keeps on the enterprise; optional like `contacts`. */
  metadata: z.record(z.string(), z.string()).optional(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type EnterpriseState = z.infer<typeof EnterpriseState>;

const enterpriseEvent = (type: string, change: string) =>
  defineEvent({
    type,
    subject: `accounts.enterprise.${change}`,
    schemaVersion: 1,
    aggregateType: 'enterprise',
    data: EnterpriseState,
  });

export const EnterpriseCreated = enterpriseEvent('EnterpriseCreated', 'created');
/** Name, contacts or metadata changed (not the status). */
export const EnterpriseUpdated = enterpriseEvent('EnterpriseUpdated', 'updated');
/** No new tokens for the enterprise's accounts, and issued ones are refused, until reactivated. */
export const EnterpriseSuspended = enterpriseEvent('EnterpriseSuspended', 'suspended');
export const EnterpriseReactivated = enterpriseEvent('EnterpriseReactivated', 'reactivated');
/** Final: the enterprise gets no access again. */
export const EnterpriseClosed = enterpriseEvent('EnterpriseClosed', 'closed');
