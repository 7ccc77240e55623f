import { Injectable } from '@nestjs/common';
import {
  ACCOUNT_EVENTS,
  ACCOUNTS_SNAPSHOT_REQUEST_SUBJECT,
  ACCOUNTS_STREAM,
  ContentApiRegistered,
  type ContentApiState,
  ContractCreated,
  type ContractState,
  type ConsumerSpec,
  DurableConsumer,
  EnterpriseCreated,
  type EnterpriseState,
  type EventEnvelope,
  NatsConnection,
  SystemAccountCreated,
  type SystemAccountState,
  upsertIfNewer,
  UserCreated,
  type UserState,
} from '@charter/events';
import { TransactionRunner } from '@charter/service-kit';
import type { EntityManager } from 'typeorm';
import { ProjectedClient } from './entities/projected-client.entity.js';
import { ProjectedContentApi } from './entities/projected-content-api.entity.js';
import { ProjectedContract } from './entities/projected-contract.entity.js';
import { ProjectedEnterprise } from './entities/projected-enterprise.entity.js';
import { ProjectedUser } from './entities/projected-user.entity.js';

/** The durable consumer shared by every auth-server instance: it writes each account event once. */
export const ACCOUNT_EVENTS_DURABLE = 'auth-server-accounts';

/** The tables this consumer writes (and `projection:rebuild` empties): never the signing keys. */
export const ACCOUNT_PROJECTION_TABLES = [
  ProjectedClient,
  ProjectedContract,
  ProjectedEnterprise,
  ProjectedContentApi,
  ProjectedUser,
] as const;

/**
 * Keeps the auth-server's projection of account data: every event carries the
 * aggregate's whole new state and version, so each is an upsert that skips
 * stale or redelivered versions. Each instance loads these tables into memory at start
 * (AccountStateSync) and then follows the same events itself; the endpoints read memory.
 */
@Injectable()
export class AccountEventsConsumer extends DurableConsumer {
  protected readonly spec: ConsumerSpec = {
    durableName: ACCOUNT_EVENTS_DURABLE,
    stream: ACCOUNTS_STREAM,
    filterSubject: 'accounts.>',
    events: ACCOUNT_EVENTS,
    projectionTables: ACCOUNT_PROJECTION_TABLES,
    snapshotRequestSubject: ACCOUNTS_SNAPSHOT_REQUEST_SUBJECT,
  };

  constructor(nats: NatsConnection, tx: TransactionRunner) {
    super(nats, tx);
  }

  protected async apply(event: EventEnvelope, em: EntityManager): Promise<void> {
    const version = event.aggregate.version;
    // Every account event carries its aggregate's whole new state (validated by the base class against
    // the event's schema), so the projection goes by the aggregate type its catalogue definition
    // declares (not the envelope's own claim): an event type added to the catalogue later
    // (EnterpriseSuspended, ...) is projected without a change here.
    switch (ACCOUNT_EVENTS.get(event.type)?.aggregateType ?? '') {
      case SystemAccountCreated.aggregateType:
        await upsertIfNewer(
          em,
          ProjectedClient,
          clientRow(event.data as SystemAccountState, version),
        );
        return;
      case ContractCreated.aggregateType:
        await upsertIfNewer(
          em,
          ProjectedContract,
          contractRow(event.data as ContractState, version),
        );
        return;
      case EnterpriseCreated.aggregateType:
        await upsertIfNewer(
          em,
          ProjectedEnterprise,
          enterpriseRow(event.data as EnterpriseState, version),
        );
        return;
      case ContentApiRegistered.aggregateType:
        await upsertIfNewer(
          em,
          ProjectedContentApi,
          contentApiRow(event.data as ContentApiState, version),
        );
        return;
      case UserCreated.aggregateType:
        await upsertIfNewer(em, ProjectedUser, userRow(event.data as UserState, version));
        return;
      default:
        // An aggregate the token endpoint does not need (audit, ...): acknowledged and skipped.
        this.logger.debug({ type: event.type, eventId: event.id }, 'account event not projected');
    }
  }
}

export function clientRow(state: SystemAccountState, version: number): ProjectedClient {
  return {
    id: state.id,
    clientId: state.clientId,
    name: state.name,
    enterpriseId: state.enterpriseId,
    status: state.status,
    grantTypes: [...state.grantTypes],
    tokenEndpointAuthMethods: [...state.tokenEndpointAuthMethods],
    accessTokenTtlSeconds: state.accessTokenTtlSeconds,
    platformAccess: state.platformAccess
      ? { audience: state.platformAccess.audience, scopes: [...state.platformAccess.scopes] }
      : null,
    // Only what authentication needs: the keyed hash and its expiry.
    secrets: state.secrets.map((secret) => ({
      id: secret.id,
      hash: secret.hash,
      expiresAt: secret.expiresAt,
    })),
    redirectUris: [...state.redirectUris],
    postLogoutRedirectUris: [...state.postLogoutRedirectUris],
    requirePkce: state.requirePkce,
    jwks: state.jwks ? { keys: state.jwks.keys.map((key) => ({ ...key })) } : null,
    jwksUri: state.jwksUri,
    idTokenSignedResponseAlg: state.idTokenSignedResponseAlg,
    resourceServerFor: state.resourceServerFor,
    securityProfile: state.securityProfile,
    deletedAt: state.deletedAt === null ? null : new Date(state.deletedAt),
    version,
    updatedAt: new Date(state.updatedAt),
  };
}

export function contractRow(state: ContractState, version: number): ProjectedContract {
  return {
    id: state.id,
    enterpriseId: state.enterpriseId,
    contentApiId: state.contentApiId,
    resourceIndicator: state.resourceIndicator,
    scopes: [...state.scopes],
    validFrom: new Date(state.validFrom),
    validUntil: state.validUntil === null ? null : new Date(state.validUntil),
    status: state.status,
    deletedAt: state.deletedAt === null ? null : new Date(state.deletedAt),
    version,
    updatedAt: new Date(state.updatedAt),
  };
}

export function enterpriseRow(state: EnterpriseState, version: number): ProjectedEnterprise {
  return {
    id: state.id,
    name: state.name,
    status: state.status,
    version,
    updatedAt: new Date(state.updatedAt),
  };
}

export function contentApiRow(state: ContentApiState, version: number): ProjectedContentApi {
  return {
    id: state.id,
    name: state.name,
    resourceIndicator: state.resourceIndicator,
    scopes: state.scopes.map((scope) => ({ name: scope.name, description: scope.description })),
    version,
    updatedAt: new Date(state.updatedAt),
  };
}

export function userRow(state: UserState, version: number): ProjectedUser {
  return {
    id: state.id,
    kind: state.kind,
    enterpriseId: state.enterpriseId,
    email: state.email.toLowerCase(),
    name: state.name,
    roles: [...state.roles],
    status: state.status,
    emailVerified: state.emailVerified,
    // The argon2id hash only; the password itself is never in an event.
    passwordHash: state.passwordHash,
    passwordChangedAt: state.passwordChangedAt === null ? null : new Date(state.passwordChangedAt),
    deletedAt: state.deletedAt === null ? null : new Date(state.deletedAt),
    version,
    updatedAt: new Date(state.updatedAt),
  };
}
