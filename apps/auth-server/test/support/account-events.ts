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
  UserCreated,
  type UserState,
} from '@charter/events';
import { hash } from '@node-rs/argon2';
import { publishToStream, queryDatabase, type TestContext, waitFor } from '@charter/testing';
import { LOCAL_CREDENTIALS_HASH_KEY } from '../../src/config/auth-server.config.js';

const stamp = (): string => new Date().toISOString();
const META = {
  actor: { type: 'system' as const, id: 'account-service-test' },
  correlationId: 'test',
};

/** The keyed hash the account service stores for a client secret. */
export function secretHash(secret: string, key = LOCAL_CREDENTIALS_HASH_KEY): string {
  return createHmac('sha256', key).update(secret, 'utf8').digest('hex');
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function buildEnterprise(overrides: Partial<EnterpriseState> = {}): EnterpriseState {
  return {
    id: randomUUID(),
    name: 'Acme',
    businessId: `B-${randomBytes(3).toString('hex')}`,
    status: 'active',
    createdAt: stamp(),
    updatedAt: stamp(),
    ...overrides,
  };
}

export function buildContentApi(overrides: Partial<ContentApiState> = {}): ContentApiState {
  return {
    id: randomUUID(),
    name: 'Articles',
    resourceIndicator: 'https://articles.example.test',
    scopes: [
      { name: 'articles:read', description: 'Read articles' },
      { name: 'articles:search', description: 'Search articles' },
    ],
    datasets: [],
    createdAt: stamp(),
    updatedAt: stamp(),
    ...overrides,
  };
}

export function buildContract(
  overrides: Partial<ContractState> & Pick<ContractState, 'enterpriseId'>,
): ContractState {
  return {
    id: randomUUID(),
    contentApiId: randomUUID(),
    resourceIndicator: 'https://articles.example.test',
    scopes: ['articles:read', 'articles:search'],
    validFrom: new Date(Date.now() - 86_400_000).toISOString(),
    validUntil: null,
    status: 'active',
    datasets: [],
    rateLimit: null,
    deletedAt: null,
    createdAt: stamp(),
    updatedAt: stamp(),
    ...overrides,
  };
}

/** A system account with one fresh secret; `secret` is what the portal would hold. */
export function buildSystemAccount(
  overrides: Partial<SystemAccountState> = {},
  secret = newSecret(),
): { state: SystemAccountState; secret: string } {
  const state: SystemAccountState = {
    id: randomUUID(),
    clientId: `sa-${randomBytes(6).toString('hex')}`,
    name: 'Portal',
    enterpriseId: null,
    status: 'active',
    grantTypes: ['client_credentials'],
    tokenEndpointAuthMethods: ['client_secret_basic', 'client_secret_post'],
    accessTokenTtlSeconds: null,
    platformAccess: null,
    secrets: [{ id: randomUUID(), hash: secretHash(secret), createdAt: stamp(), expiresAt: null }],
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
    createdAt: stamp(),
    updatedAt: stamp(),
    ...overrides,
  };
  return { state, secret };
}

/** An active enterprise user with a password; `password` is what the user would type. */
export async function buildUser(
  overrides: Partial<UserState> = {},
  password = `pw-${randomBytes(8).toString('hex')}`,
): Promise<{ state: UserState; password: string }> {
  const state: UserState = {
    id: randomUUID(),
    kind: 'enterprise',
    enterpriseId: randomUUID(),
    email: `user-${randomBytes(5).toString('hex')}@example.test`,
    name: 'Ada Lovelace',
    roles: ['member'],
    status: 'active',
    emailVerified: true,
    passwordHash: await hash(password),
    passwordChangedAt: stamp(),
    deletedAt: null,
    createdAt: stamp(),
    updatedAt: stamp(),
    ...overrides,
  };
  return { state, password };
}

/** Publishes UserCreated for a user built with `buildUser`. */
export async function publishUser(
  ctx: TestContext,
  overrides: Partial<UserState> = {},
): Promise<{ state: UserState; password: string }> {
  const user = await buildUser(overrides);
  await publishEvent(ctx, UserCreated, user.state, 1);
  return user;
}

/** Publishes an event into the namespaced stream exactly as the account service's relay would. */
export async function publishEvent<D extends EventDefinition>(
  ctx: TestContext,
  definition: D,
  state: Parameters<D['create']>[0],
  version: number,
): Promise<void> {
  const envelope = definition.create(withCredentials(definition, state), version, {
    ...META,
    occurredAt: new Date(),
  });
  await publishEnvelope(ctx, envelope);
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

export interface Scenario {
  readonly enterprise: EnterpriseState;
  readonly contentApi: ContentApiState;
  readonly contract: ContractState;
  readonly client: SystemAccountState;
  readonly secret: string;
}

/** An enterprise with one active contract for the articles API and one client: the usual starting point. */
export async function publishScenario(
  ctx: TestContext,
  options: {
    contract?: Partial<ContractState>;
    client?: Partial<SystemAccountState>;
    contentApi?: Partial<ContentApiState>;
  } = {},
): Promise<Scenario> {
  const enterprise = buildEnterprise();
  const contentApi = buildContentApi(options.contentApi);
  const contract = buildContract({
    enterpriseId: enterprise.id,
    contentApiId: contentApi.id,
    resourceIndicator: contentApi.resourceIndicator,
    ...options.contract,
  });
  const { state: client, secret } = buildSystemAccount({
    enterpriseId: enterprise.id,
    ...options.client,
  });
  await publishEvent(ctx, ContentApiRegistered, contentApi, 1);
  await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
  await publishEvent(ctx, ContractCreated, contract, 1);
  await publishEvent(ctx, SystemAccountCreated, client, 1);
  return { enterprise, contentApi, contract, client, secret };
}

/**
 * Waits until everything published so far has been applied, in memory and in PostgreSQL:
 * the stream is ordered, so once a marker content API published now shows in discovery
 * (this instance's memory) and in auth.content_apis (the shared durable consumer), every
 * earlier event has been applied (or skipped) by both.
 */
export async function settle(ctx: TestContext, baseUrl: string): Promise<void> {
  const marker = `marker:${randomBytes(4).toString('hex')}`;
  await publishEvent(
    ctx,
    ContentApiRegistered,
    buildContentApi({
      resourceIndicator: `https://${marker.replace(':', '-')}.example.test`,
      scopes: [{ name: marker, description: 'marker' }],
    }),
    1,
  );
  await waitFor('the projection to catch up', async () => {
    const response = await fetch(`${baseUrl}/.well-known/oauth-authorization-server`);
    const metadata = (await response.json()) as { scopes_supported: string[] };
    return metadata.scopes_supported.includes(marker);
  });
  await waitFor('the projection tables to catch up', async () => {
    const rows = await queryDatabase(
      ctx.databaseUrl,
      'SELECT 1 FROM auth.content_apis WHERE resource_indicator = $1',
      [`https://${marker.replace(':', '-')}.example.test`],
    );
    return rows.length === 1;
  });
}
