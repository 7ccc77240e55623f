import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import {
  ContentApiRegistered,
  type ContentApiState,
  ContractCreated,
  type ContractState,
  credentialStanding,
  EnterpriseCreated,
  type EnterpriseState,
  type EventDefinition,
  EventSecurity,
  localEventSecurity,
  SIGNATURE_HEADER,
  SystemAccountCreated,
  type SystemAccountState,
} from '@charter/events';
import {
  freePort,
  publishToStream,
  startService,
  type RunningService,
  type TestContext,
  waitFor,
} from '@charter/testing';

/**
 * Account events and tokens for the catalog API's tests: events published exactly as the
 * account service's outbox relay would (signed with its local key, Nats-Msg-Id = event id),
 * tokens from the real auth-server.
 */

/** The auth-server's local default; the account service hashes secrets with the same key. */
const CREDENTIALS_HASH_KEY = 'local-dev-credentials-hash-key-change-me';
export const CATALOG_API_AUDIENCE = 'http://localhost:3005';
export const CONTENT_API_AUDIENCE = 'http://localhost:3002';

const ACCOUNT_SERVICE = new EventSecurity(localEventSecurity('account-service'));
const now = (): string => new Date().toISOString();

export async function publishEvent(
  ctx: TestContext,
  definition: EventDefinition,
  state: { id: string } & Record<string, unknown>,
  version: number,
): Promise<void> {
  const secrets = (state as { secrets?: Array<{ id: string; expiresAt: string | null }> }).secrets;
  const data =
    definition.aggregateType === 'system-account' && secrets !== undefined
      ? { ...state, credentials: credentialStanding(secrets) }
      : state;
  const envelope = definition.create(data, version, {
    actor: { type: 'system', id: 'catalog-api-tests' },
    correlationId: 'catalog-api-tests',
    occurredAt: new Date(),
  });
  const { body, signature } = await ACCOUNT_SERVICE.encode(envelope);
  await publishToStream(ctx.natsUrl, `${ctx.namespace}.${envelope.subject}`, body, envelope.id, {
    [SIGNATURE_HEADER]: signature,
  });
}

export function buildCatalogApi(): ContentApiState {
  return {
    id: randomUUID(),
    name: 'Sample catalog',
    resourceIndicator: CATALOG_API_AUDIENCE,
    scopes: [
      { name: 'instruments:read', description: 'Instrument reference data' },
      { name: 'ratings:read', description: 'Issuer credit ratings' },
    ],
    datasets: [
      { name: 'instruments', description: 'Instrument reference data' },
      { name: 'ratings', description: 'Issuer credit ratings' },
    ],
    createdAt: now(),
    updatedAt: now(),
  };
}

export function buildContentApi(): ContentApiState {
  return {
    id: randomUUID(),
    name: 'Sample market data',
    resourceIndicator: CONTENT_API_AUDIENCE,
    scopes: [{ name: 'articles:read', description: 'Market news' }],
    datasets: [],
    createdAt: now(),
    updatedAt: now(),
  };
}

export function buildEnterprise(): EnterpriseState {
  return {
    id: randomUUID(),
    name: 'Acme Asset Management',
    businessId: `FI${randomBytes(4).toString('hex')}`,
    status: 'active',
    createdAt: now(),
    updatedAt: now(),
  };
}

export function buildContract(
  overrides: Partial<ContractState> & Pick<ContractState, 'enterpriseId' | 'contentApiId'>,
): ContractState {
  return {
    id: randomUUID(),
    resourceIndicator: CATALOG_API_AUDIENCE,
    scopes: ['instruments:read', 'ratings:read'],
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

export interface Caller {
  readonly clientId: string;
  readonly secret: string;
}

/** A confidential client of the enterprise with one secret, published; its credentials. */
export async function publishSystemAccount(
  ctx: TestContext,
  enterpriseId: string,
): Promise<Caller> {
  const secret = randomBytes(32).toString('base64url');
  const state: SystemAccountState = {
    id: randomUUID(),
    clientId: `portal-${randomBytes(6).toString('hex')}`,
    name: 'Acme portal',
    enterpriseId,
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
  };
  await publishEvent(ctx, SystemAccountCreated, state, 1);
  return { clientId: state.clientId, secret };
}

/** The real authorization server as a child process, on this test file's database and namespace. */
export async function startAuthServer(ctx: TestContext): Promise<RunningService> {
  const port = await freePort();
  return startService('auth-server', port, { ...ctx.env, AUTH_ISSUER: `http://127.0.0.1:${port}` });
}

/** A client_credentials token (RFC 6749 §4.4) for `resource` (RFC 8707), once the auth-server has the events. */
export async function tokenFor(
  authServer: RunningService,
  caller: Caller,
  resource: string,
  scope?: string,
): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', resource });
  if (scope !== undefined) {
    form.set('scope', scope);
  }
  const basic = Buffer.from(
    `${encodeURIComponent(caller.clientId)}:${encodeURIComponent(caller.secret)}`,
  ).toString('base64');
  return waitFor(`a token for ${caller.clientId} at ${resource}`, async () => {
    const response = await fetch(`${authServer.url}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: form.toString(),
    });
    const body = (await response.json()) as { access_token?: string };
    return response.status === 200 ? body.access_token : undefined;
  });
}

export { ContentApiRegistered, ContractCreated, EnterpriseCreated };
