import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { EventDefinition } from '../define-event.js';
import type { EventEnvelope } from '../envelope.js';
import { OutboxMessage } from './outbox-message.entity.js';

/** Adds events to the outbox inside the caller's transaction. */
@Injectable()
export class OutboxWriter {
  async add<S extends z.ZodType>(
    em: EntityManager,
    definition: EventDefinition<S>,
    envelope: EventEnvelope<z.infer<S>>,
  ): Promise<void> {
    // A payload that breaks its own schema is a bug: fail the transaction, not the consumers.
    definition.data.parse(envelope.data);
    await em.insert(OutboxMessage, {
      id: envelope.id,
      subject: envelope.subject,
      type: envelope.type,
      aggregateId: envelope.aggregate.id,
      envelope,
      publishedAt: null,
    });
  }
}
