import { z } from 'zod';

export const ActorSchema = z.object({
  type: z.enum(['client', 'user', 'system']),
  id: z.string().min(1),
});
export type Actor = z.infer<typeof ActorSchema>;

/** The envelope of every event: what happened, to which aggregate at which version, by whom. */
export const EnvelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  schemaVersion: z.number().int().positive(),
  subject: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  actor: ActorSchema,
  correlationId: z.string().min(1),
  aggregate: z.object({
    type: z.string().min(1),
    id: z.string().min(1),
    version: z.number().int().positive(),
  }),
  data: z.unknown(),
  /**
   * Fields of `data` sealed for their one reader: field name → compact JWE. In `data` such a field
   * holds its withheld value (see `EventDefinition.sealed`).
   */
  sealed: z.record(z.string(), z.string().min(1)).optional(),
});

export type EventEnvelope<T = unknown> = Omit<z.infer<typeof EnvelopeSchema>, 'data'> & { data: T };

export interface EventMeta {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly occurredAt: Date;
}
