import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { EventEnvelope, EventMeta } from './envelope.js';
import type { EventProducer } from './security/event-keys.js';

/** One event of the catalogue: its type, subject, schema version and payload schema. */
export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  readonly type: string;
  /** `<service>.<aggregate>.<past tense>`, before any namespace prefix. */
  readonly subject: string;
  readonly schemaVersion: number;
  readonly aggregateType: string;
  readonly data: S;
  /**
   * Fields only `reader` may read: the relay seals each (a JWE to the reader's key) and puts its
   * `withheld` value in its place, which is what every other consumer sees.
   */
  readonly sealed?: SealedFields;
  /** Builds the envelope for the aggregate's whole new state at `version`. */
  create(
    state: z.infer<S> & { id: string },
    version: number,
    meta: EventMeta,
  ): EventEnvelope<z.infer<S>>;
}

/** See `EventDefinition.sealed`. */
export interface SealedFields {
  readonly reader: EventProducer;
  /** Field name → the value other consumers see instead (it must satisfy the data schema). */
  readonly withheld: Readonly<Record<string, unknown>>;
}

export function defineEvent<S extends z.ZodType>(spec: {
  type: string;
  subject: string;
  schemaVersion: number;
  aggregateType: string;
  data: S;
  sealed?: SealedFields;
}): EventDefinition<S> {
  return {
    ...spec,
    create(state, version, meta) {
      return {
        id: randomUUID(),
        type: spec.type,
        schemaVersion: spec.schemaVersion,
        subject: spec.subject,
        occurredAt: meta.occurredAt.toISOString(),
        actor: meta.actor,
        correlationId: meta.correlationId,
        aggregate: { type: spec.aggregateType, id: state.id, version },
        data: state,
      };
    },
  };
}
