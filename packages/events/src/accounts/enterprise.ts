import { z } from 'zod';
import { defineEvent } from '../define-event.js';

export const EnterpriseStatus = z.enum(['active', 'suspended', 'closed']);
export type EnterpriseStatus = z.infer<typeof EnterpriseStatus>;

export const EnterpriseState = z.object({
  id: z.uuid(),
  name: z.string().min(1),
  businessId: z.string().min(1),
  status: EnterpriseStatus,
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type EnterpriseState = z.infer<typeof EnterpriseState>;

export const EnterpriseCreated = defineEvent({
  type: 'EnterpriseCreated',
  subject: 'accounts.enterprise.created',
  schemaVersion: 1,
  aggregateType: 'enterprise',
  data: EnterpriseState,
});
