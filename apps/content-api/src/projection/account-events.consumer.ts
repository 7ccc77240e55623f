import {
  ACCOUNTS_STREAM,
  ContractCreated,
  ContractReactivated,
  type ContractState,
  ContractSuspended,
  ContractTerminated,
  type ConsumerSpec,
  DurableConsumer,
  EnterpriseClosed,
  EnterpriseCreated,
  EnterpriseReactivated,
  type EnterpriseState,
  EnterpriseSuspended,
  EnterpriseUpdated,
  type EventDefinition,
  type EventEnvelope,
  NatsConnection,
} from '@charter/events';
import { TransactionRunner } from '@charter/service-kit';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountProjectionRepository } from './account-projection.repository.js';
import { contractRow, enterpriseRow } from './projection-rows.js';

/** The account events this API projects; the base acks and skips the others on `accounts.>`. */
const CONTRACT_EVENTS: readonly EventDefinition[] = [
  ContractCreated,
  ContractSuspended,
  ContractReactivated,
  ContractTerminated,
];
const ENTERPRISE_EVENTS: readonly EventDefinition[] = [
  EnterpriseCreated,
  EnterpriseUpdated,
  EnterpriseSuspended,
  EnterpriseReactivated,
  EnterpriseClosed,
];

/**
 * Keeps the contract and enterprise projection from the account service's events.
 * Each event carries its aggregate's whole state and version, so applying is an upsert
 * that skips anything not newer than what is stored.
 */
@Injectable()
export class AccountEventsConsumer extends DurableConsumer {
  protected readonly spec: ConsumerSpec = {
    durableName: 'content-api-accounts',
    stream: ACCOUNTS_STREAM,
    filterSubject: 'accounts.>',
    events: new Map(
      [...CONTRACT_EVENTS, ...ENTERPRISE_EVENTS].map((definition) => [definition.type, definition]),
    ),
  };

  constructor(
    nats: NatsConnection,
    tx: TransactionRunner,
    private readonly projection: AccountProjectionRepository,
  ) {
    super(nats, tx);
  }

  protected async apply(event: EventEnvelope, em: EntityManager): Promise<void> {
    // The base validated `data` against the schema of the event's definition.
    const written = CONTRACT_EVENTS.some((definition) => definition.type === event.type)
      ? await this.projection.saveContract(
          em,
          contractRow(event.data as ContractState, event.aggregate.version),
        )
      : await this.projection.saveEnterprise(
          em,
          enterpriseRow(event.data as EnterpriseState, event.aggregate.version),
        );
    if (!written) {
      this.logger.debug(
        { eventId: event.id, type: event.type, version: event.aggregate.version },
        'stale event skipped',
      );
    }
  }
}
