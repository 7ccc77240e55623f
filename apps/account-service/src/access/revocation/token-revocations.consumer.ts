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
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RevocationListRepository } from './revocation-list.repository.js';
import { RevokedTokenEntity } from './revoked-token.entity.js';

export const TOKEN_REVOCATIONS_DURABLE = 'account-service-revocations';

/** The auth events this service keeps. */
export const REVOCATION_EVENTS: ReadonlyMap<string, EventDefinition> = new Map([
  [TokenRevoked.type, TokenRevoked],
]);

/**
 * Keeps the revocation list from the auth-server's TokenRevoked events (a token revoked at
 * /revoke, or every live token of a family whose code or refresh token was reused), so the
 * admin API refuses a revoked token as soon as the content API does (ARCHITECTURE: a token
 * revoked takes effect everywhere within a second). The account service is the system of
 * record for accounts, not for tokens: this is the one thing it learns from another service.
 */
@Injectable()
export class TokenRevocationsConsumer extends DurableConsumer {
  protected readonly spec: ConsumerSpec = {
    durableName: TOKEN_REVOCATIONS_DURABLE,
    stream: AUTH_STREAM,
    filterSubject: 'auth.>',
    events: REVOCATION_EVENTS,
    // No snapshot to ask for: a revocation older than the stream's age limit is of a token long expired.
    projectionTables: [RevokedTokenEntity],
  };

  constructor(
    nats: NatsConnection,
    tx: TransactionRunner,
    private readonly revocations: RevocationListRepository,
    private readonly clock: Clock,
  ) {
    super(nats, tx);
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
