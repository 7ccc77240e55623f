import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type EventDefinition, OutboxWriter } from '@charter/events';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../common/request-context.js';
import { AuditLogEntity } from './audit-log.entity.js';
import { redactSecrets } from './redact.js';

type StateOf<S extends EventDefinition['data']> = Parameters<EventDefinition<S>['create']>[0];

export interface Change<S extends EventDefinition['data']> {
  /** The aggregate's whole new state, as the event carries it. */
  readonly state: StateOf<S>;
  /** The aggregate's version after the change. */
  readonly version: number;
  /** The state before the change (null for a creation), for the audit row. */
  readonly before: StateOf<S> | null;
  readonly context: RequestContext;
  readonly at: Date;
}

export interface AuditEntry {
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  /** What was done, as the audit row's `after` (redacted). */
  readonly details: object;
  /** The enterprise the entity belongs to, if any. */
  readonly enterpriseId?: string | null;
  readonly context: RequestContext;
  readonly at: Date;
}

/**
 * Records a change inside its transaction: the event (outbox row) and the audit
 * row, both or neither. Every write of the service ends here.
 */
@Injectable()
export class ChangeRecorder {
  constructor(private readonly outbox: OutboxWriter) {}

  async record<S extends EventDefinition['data']>(
    em: EntityManager,
    definition: EventDefinition<S>,
    change: Change<S>,
  ): Promise<void> {
    const { context } = change;
    const event = definition.create(change.state, change.version, {
      actor: context.actor,
      correlationId: context.correlationId,
      occurredAt: change.at,
    });
    await this.outbox.add(em, definition, event);
    await em.insert(AuditLogEntity, {
      id: randomUUID(),
      at: change.at,
      ...who(context),
      action: definition.type,
      entityType: definition.aggregateType,
      entityId: change.state.id,
      enterpriseId: enterpriseOf(definition.aggregateType, change.state),
      before: change.before === null ? null : (redactSecrets(change.before) as object),
      after: redactSecrets(change.state) as object,
    });
  }

  /**
   * An audit row for a write that changes no aggregate state, so has no event
   * (issuing a password token): who did what to which entity, redacted.
   */
  async audit(em: EntityManager, entry: AuditEntry): Promise<void> {
    const { context } = entry;
    await em.insert(AuditLogEntity, {
      id: randomUUID(),
      at: entry.at,
      ...who(context),
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      enterpriseId: entry.enterpriseId ?? null,
      before: null,
      after: redactSecrets(entry.details),
    });
  }
}

/** Who did it, from where, why, and how to trace it: the audit row's columns from the context. */
function who(context: RequestContext) {
  return {
    actorType: context.actor.type,
    actorId: context.actor.id,
    actorEmail: context.actorEmail ?? null,
    clientId: context.clientId ?? null,
    sourceAddress: context.sourceAddress ?? null,
    reason: context.reason ?? null,
    requestId: context.requestId,
    correlationId: context.correlationId,
  };
}

/** The enterprise a change concerns: the enterprise itself, or the one its entity belongs to. */
function enterpriseOf(aggregateType: string, state: { readonly id: string }): string | null {
  if (aggregateType === 'enterprise') {
    return state.id;
  }
  const owner = (state as { readonly enterpriseId?: unknown }).enterpriseId;
  return typeof owner === 'string' ? owner : null;
}
