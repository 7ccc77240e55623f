import { z } from 'zod';
import { defineEvent } from '../define-event.js';

/** A resource server whose data contracts cover: its audience and scope catalogue. */
export const ContentApiState = z.object({
  id: z.uuid(),
  name: z.string().min(1),
  /** RFC 8707 resource indicator; the `aud` of tokens for this API. */
  resourceIndicator: z.string().min(1),
  scopes: z.array(z.object({ name: z.string().min(1), description: z.string() })),
  /** The datasets a contract can cover (a contract with none covers them all). Added after v1: defaults to []. */
  datasets: z.array(z.object({ name: z.string().min(1), description: z.string() })).default([]),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type ContentApiState = z.infer<typeof ContentApiState>;

export const ContentApiRegistered = defineEvent({
  type: 'ContentApiRegistered',
  subject: 'accounts.content-api.registered',
  schemaVersion: 1,
  aggregateType: 'content-api',
  data: ContentApiState,
});

/** Name or datasets changed (the resource indicator and the scope catalogue do not change). */
export const ContentApiUpdated = defineEvent({
  type: 'ContentApiUpdated',
  subject: 'accounts.content-api.updated',
  schemaVersion: 1,
  aggregateType: 'content-api',
  data: ContentApiState,
});
