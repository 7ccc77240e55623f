import { z } from 'zod';
import { defineEvent } from '../define-event.js';

/** A resource server whose data contracts cover: its audience and scope catalogue. */
export const ContentApiState = z.object({
  id: z.uuid(),
  name: z.string().min(1),
  /** RFC 8707 resource indicator; the `aud` of tokens for this API. */
  resourceIndicator: z.string().min(1),
  scopes: z.array(z.object({ name: z.string().min(1), description: z.string() })),
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
