import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import {
  credentialStanding,
  ContentApiRegistered,
  type ContentApiState,
  ContractCreated,
  type ContractState,
  EnterpriseCreated,
  type EnterpriseState,
  type EventDefinition,
  type EventEnvelope,
  EVENT_PRODUCERS,
  EventSecurity,
  localEventSecurity,
  SIGNATURE_HEADER,
  SUBJECT_PRODUCERS,
  SystemAccountCreated,
  type SystemAccountState,
  type UserState,
} from '@charter/events';
import { publishToStream, type TestContext } from '@charter/testing';

/** The auth-server's local default; the account service hashes secrets with the same key. */
export const CREDENTIALS_HASH_KEY = 'local-dev-credentials-hash-key-change-me';
export const CONTENT_API_AUDIENCE = 'http://localhost:3002';

const META = {
  actor: { type: 'system', id: 'content-api-tests' },
  correlationId: 'content-api-tests',
} as const;

/** Publishes an event exactly as the account service's outbox relay would (Nats-Msg-Id = event id). */
export async function publishEvent<S extends EventDefinition>(
  ctx: TestContext,
  definition: S,
  state: { id: string } & Record<string, unknown>,
  version: number,
): Promise<EventEnvelope> {
  const envelope = definition.create(withCredentials(definition, state), version, {
    ...META,
    occurredAt: new Date(),
  });
  await publishEnvelope(ctx, envelope);
  return envelope;
}

/** As the account service does: a system account's secrets' ids and ends go out as `credentials` too. */
function withCredentials<T>(definition: EventDefinition, state: T): T {
  const secrets = (state as { secrets?: Array<{ id: string; expiresAt: string | null }> }).secrets;
  return definition.aggregateType === 'system-account' && secrets !== undefined
    ? { ...state, credentials: credentialStanding(secrets) }
    : state;
}

const PRODUCERS = new Map(
  EVENT_PRODUCERS.map((service) => [service, new EventSecurity(localEventSecurity(service))]),
);

/**
 * Publishes an envelope exactly as its producer's outbox relay would: sealed fields sealed, signed
 * with the producer's (local) event key, Nats-Msg-Id = event id unless another is given.
 */
export async function publishEnvelope(
  ctx: TestContext,
  envelope: EventEnvelope,
  msgId: string | undefined = envelope.id,
): Promise<void> {
  const producer = PRODUCERS.get(
    SUBJECT_PRODUCERS[envelope.subject.split('.')[0] ?? ''] ?? 'account-service',
  );
  const { body, signature } = await producer!.encode(envelope);
  await publishToStream(ctx.natsUrl, `${ctx.namespace}.${envelope.subject}`, body, msgId, {
    [SIGNATURE_HEADER]: signature,
  });
}

/** Publishes a raw payload on a catalogue subject, signed as its producer would (for invalid events). */
export async function publishRaw(
  ctx: TestContext,
  subject: string,
  payload: object,
): Promise<void> {
  const body = new TextEncoder().encode(JSON.stringify(payload));
  const producer = PRODUCERS.get(
    SUBJECT_PRODUCERS[subject.split('.')[0] ?? ''] ?? 'account-service',
  );
  await publishToStream(ctx.natsUrl, `${ctx.namespace}.${subject}`, body, undefined, {
    [SIGNATURE_HEADER]: await producer!.sign(body),
  });
}

const now = (): string => new Date().toISOString();

export function buildContentApi(overrides: Partial<ContentApiState> = {}): ContentApiState {
  return {
    id: randomUUID(),
    name: 'Sample market data',
    resourceIndicator: CONTENT_API_AUDIENCE,
    scopes: [
      { name: 'articles:read', description: 'Market news' },
      { name: 'prices:read', description: 'End-of-day prices' },
      { name: 'reports:read', description: 'Usage statements' },
    ],
    datasets: [],
    createdAt: now(),
    updatedAt: now(),
    ...overrides,
  };
}

export function buildEnterprise(overrides: Partial<EnterpriseState> = {}): EnterpriseState {
  return {
    id: randomUUID(),
    name: 'Acme Asset Management',
    businessId: `FI${randomBytes(4).toString('hex')}`,
    status: 'active',
    createdAt: now(),
    updatedAt: now(),
    ...overrides,
  };
}

export function buildContract(
  overrides: Partial<ContractState> & Pick<ContractState, 'enterpriseId' | 'contentApiId'>,
): ContractState {
  return {
    id: randomUUID(),
    resourceIndicator: CONTENT_API_AUDIENCE,
    scopes: ['articles:read'],
    validFrom: new Date(Date.now() - 24 * 3600_000).toISOString(),
    validUntil: null,
    status: 'active',
    datasets: [],
    rateLimit: null,
    deletedAt: null,
    createdAt: now(),
    updatedAt: now(),
    ...overrides,
  };
}

/** An active enterprise user (pass `enterpriseId: null, kind: 'individual'` for an individual). */
export function buildUser(overrides: Partial<UserState> = {}): UserState {
  return {
    id: randomUUID(),
    kind: 'enterprise',
    enterpriseId: randomUUID(),
    email: `user-${randomBytes(4).toString('hex')}@example.com`,
    name: 'Ann Analyst',
    roles: ['member'],
    status: 'active',
    emailVerified: true,
    passwordHash: null,
    passwordChangedAt: null,
    deletedAt: null,
    createdAt: now(),
    updatedAt: now(),
    ...overrides,
  };
}

/** A confidential client with one secret: the state to publish, and the secret to authenticate with. */
export function buildSystemAccount(overrides: Partial<SystemAccountState> = {}): {
  state: SystemAccountState;
  secret: string;
} {
  const secret = randomBytes(32).toString('base64url');
  const state: SystemAccountState = {
    id: randomUUID(),
    clientId: `portal-${randomBytes(6).toString('hex')}`,
    name: 'Acme portal',
    enterpriseId: null,
    status: 'active',
    grantTypes: ['client_credentials'],
    tokenEndpointAuthMethods: ['client_secret_basic'],
    accessTokenTtlSeconds: null,
    platformAccess: null,
    secrets: [
      {
        id: randomUUID(),
        hash: createHmac('sha256', CREDENTIALS_HASH_KEY).update(secret, 'utf8').digest('hex'),
        createdAt: now(),
        expiresAt: null,
      },
    ],
    credentials: [],
    redirectUris: [],
    postLogoutRedirectUris: [],
    requirePkce: true,
    jwks: null,
    jwksUri: null,
    idTokenSignedResponseAlg: null,
    resourceServerFor: null,
    securityProfile: null,
    deletedAt: null,
    createdAt: now(),
    updatedAt: now(),
    ...overrides,
  };
  return { state, secret };
}

export interface Caller {
  readonly clientId: string;
  readonly secret: string;
  readonly enterpriseId: string | null;
}

/** Publishes the system account and returns its credentials. */
export async function publishSystemAccount(
  ctx: TestContext,
  overrides: Partial<SystemAccountState> = {},
): Promise<Caller> {
  const { state, secret } = buildSystemAccount(overrides);
  await publishEvent(ctx, SystemAccountCreated, state, 1);
  return { clientId: state.clientId, secret, enterpriseId: state.enterpriseId };
}

export { ContentApiRegistered, ContractCreated, EnterpriseCreated };
