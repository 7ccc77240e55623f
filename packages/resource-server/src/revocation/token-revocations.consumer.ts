import {
  AUTH_STREAM,
  type ConsumerSpec,
  DurableConsumer,
  type EventDefinition,
  type EventEnvelope,
  NatsConnection,
  type RevokedTokenState,
  TokenRevoked,
} from '@charter/events';
import { Clock, TransactionRunner } from '@charter/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  RESOURCE_SERVER_SETTINGS,
  type ResourceServerSettings,
} from '../resource-server.options.js';
import { RevocationListRepository } from './revocation-list.repository.js';
import { RevokedTokenEntity } from './revoked-token.entity.js';

/** The auth events this API keeps. */
export const REVOCATION_EVENTS: ReadonlyMap<string, EventDefinition> = new Map([
  [TokenRevoked.type, TokenRevoked],
]);

/**
 * Keeps the revocation list from the auth-server's TokenRevoked events. A second
 * durable consumer beside the account one, so a backlog of account events never
 * delays a revocation (ARCHITECTURE: a token revoked takes effect within a second).
 */
@Injectable()
export class TokenRevocationsConsumer extends DurableConsumer {
  protected readonly spec: ConsumerSpec;

  constructor(
    nats: NatsConnection,
    tx: TransactionRunner,
    private readonly revocations: RevocationListRepository,
    private readonly clock: Clock,
    @Inject(RESOURCE_SERVER_SETTINGS) settings: Pick<ResourceServerSettings, 'revocationsDurable'>,
  ) {
    super(nats, tx);
    this.spec = {
      // `<api>-revocations`: shared by every instance of the API.
      durableName: settings.revocationsDurable,
      stream: AUTH_STREAM,
      filterSubject: 'auth.>',
      events: REVOCATION_EVENTS,
      // The auth-server keeps no snapshot of revocations: a revocation older than the stream's age
      // limit is of a token long expired (access tokens live minutes), so nothing to resync.
      projectionTables: [RevokedTokenEntity],
    };
  }

  protected async apply(event: EventEnvelope, em: EntityManager): Promise<void> {
    // The base validated `data` against TokenRevoked's schema.
    const revoked = event.data as RevokedTokenState;
    const expiresAt = new Date(revoked.expiresAt);
    if (expiresAt <= this.clock.now()) {
      // The token is refused as expired already; nothing to remember.
      return;
    }
    await this.revocations.add(em, { jti: revoked.id, expiresAt });
  }
}
