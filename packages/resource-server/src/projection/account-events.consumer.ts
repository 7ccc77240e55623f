import {
  ACCOUNTS_SNAPSHOT_REQUEST_SUBJECT,
  ACCOUNTS_STREAM,
  type ContractState,
  type ConsumerSpec,
  DurableConsumer,
  type EnterpriseState,
  type EventEnvelope,
  NatsConnection,
  type SystemAccountState,
  type UserState,
} from '@charter/events';
import { TransactionRunner } from '@charter/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountProjectionRepository } from './account-projection.repository.js';
import { ContractEntity } from './contract.entity.js';
import { EnterpriseEntity } from './enterprise.entity.js';
import {
  RESOURCE_SERVER_SETTINGS,
  type ResourceServerSettings,
} from '../resource-server.options.js';
import { aggregateOf, PROJECTED_ACCOUNT_EVENTS } from './projected-events.js';
import { contractRow, enterpriseRow, systemAccountRow, userRow } from './projection-rows.js';
import { SystemAccountEntity } from './system-account.entity.js';
import { UserEntity } from './user.entity.js';

/**
 * Keeps the contract, enterprise, user and system account projection from the account service's events.
 * Each event carries its aggregate's whole state and version, so applying is an upsert
 * that skips anything not newer than what is stored.
 */
@Injectable()
export class AccountEventsConsumer extends DurableConsumer {
  protected readonly spec: ConsumerSpec;

  constructor(
    nats: NatsConnection,
    tx: TransactionRunner,
    private readonly projection: AccountProjectionRepository,
    @Inject(RESOURCE_SERVER_SETTINGS) settings: Pick<ResourceServerSettings, 'accountsDurable'>,
  ) {
    super(nats, tx);
    this.spec = {
      // `<api>-accounts`: shared by every instance of the API, so each event is written once.
      durableName: settings.accountsDurable,
      stream: ACCOUNTS_STREAM,
      filterSubject: 'accounts.>',
      events: PROJECTED_ACCOUNT_EVENTS,
      projectionTables: [ContractEntity, EnterpriseEntity, UserEntity, SystemAccountEntity],
      snapshotRequestSubject: ACCOUNTS_SNAPSHOT_REQUEST_SUBJECT,
    };
  }

  protected async apply(event: EventEnvelope, em: EntityManager): Promise<void> {
    // The base validated `data` against the schema of the event's definition.
    const version = event.aggregate.version;
    let written: boolean;
    switch (aggregateOf(event.type)) {
      case 'contract':
        written = await this.projection.saveContract(
          em,
          contractRow(event.data as ContractState, version),
        );
        break;
      case 'enterprise':
        written = await this.projection.saveEnterprise(
          em,
          enterpriseRow(event.data as EnterpriseState, version),
        );
        break;
      case 'user':
        written = await this.projection.saveUser(em, userRow(event.data as UserState, version));
        break;
      case 'system-account':
        written = await this.projection.saveSystemAccount(
          em,
          systemAccountRow(event.data as SystemAccountState, version),
        );
        break;
    }
    if (!written) {
      this.logger.debug(
        { eventId: event.id, type: event.type, version: event.aggregate.version },
        'stale event skipped',
      );
    }
  }
}
