import { randomUUID } from 'node:crypto';
import {
  type EventEnvelope,
  EventSecurity,
  localEventSecurity,
  SIGNATURE_HEADER,
  SystemAccountCreated,
  type SystemAccountState,
  SystemAccountUpdated,
  UserDisabled,
  type UserState,
  UserUpdated,
} from '@charter/events';
import {
  createTestContext,
  publishToStream,
  queryDatabase,
  readStream,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { hash } from '@node-rs/argon2';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountEventsConsumer } from '../src/projection/account-events.consumer.js';
import {
  buildSystemAccount,
  publishEvent,
  publishScenario,
  publishUser,
  settle,
} from './support/account-events.js';
import { postToken, type RunningAuthServer, startAuthServer } from './support/auth-server.js';

const ISSUER = 'http://auth.example.test';
const ACCOUNTS = 'http://localhost:3001';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const META = { actor: { type: 'system' as const, id: 'attacker' }, correlationId: 'attack' };

type Forged = { body: Uint8Array | object; headers: Record<string, string> };

/** The attacker's own ES256 key: publishes it as the client's JWKS and signs client assertions. */
async function attackerKey(): Promise<{ privateKey: CryptoKey; jwk: JWK; eventKey: JWK }> {
  const client = await generateKeyPair('ES256', { extractable: true });
  const event = await generateKeyPair('ES256', { extractable: true });
  return {
    privateKey: client.privateKey,
    jwk: { ...(await exportJWK(client.publicKey)), kid: 'attacker', alg: 'ES256', use: 'sig' },
    // Under the account service's own kid: a key id proves nothing.
    eventKey: { ...(await exportJWK(event.privateKey)), kid: 'local-account-service-events-1' },
  };
}

/** How an attacker with access to the bus gets an event onto the ACCOUNTS stream. */
const FORGERIES: ReadonlyArray<{
  name: string;
  reason: RegExp;
  forge: (envelope: EventEnvelope, eventKey: JWK) => Promise<Forged>;
}> = [
  {
    name: 'unsigned',
    reason: /^not verified: unsigned$/,
    forge: (envelope) => Promise.resolve({ body: envelope, headers: {} }),
  },
  {
    name: "signed with the attacker's key under the account service's kid",
    reason: /^not verified: signature does not verify/,
    forge: async (envelope, eventKey) => {
      const attacker = new EventSecurity({
        ...localEventSecurity('account-service'),
        signingKey: eventKey,
      });
      const { body, signature } = await attacker.encode(envelope);
      return { body, headers: { [SIGNATURE_HEADER]: signature } };
    },
  },
  {
    name: 'signed by the account service, then tampered with',
    reason: /^not verified: signature does not verify/,
    forge: async (envelope) => {
      const honest = { ...envelope, aggregate: { ...envelope.aggregate, version: 1 } };
      const { body, signature } = await new EventSecurity(
        localEventSecurity('account-service'),
      ).encode(honest);
      const tampered = new TextDecoder()
        .decode(body)
        .replace('"version":1', `"version":${envelope.aggregate.version}`);
      const data = JSON.parse(tampered) as EventEnvelope;
      // The forged state the attacker wants, in place of the honest one.
      const forged = JSON.stringify({
        ...data,
        data: { ...(data.data as object), ...(envelope.data as object) },
      });
      return { body: new TextEncoder().encode(forged), headers: { [SIGNATURE_HEADER]: signature } };
    },
  },
  {
    name: "signed with the auth-server's event key (it may publish auth.*, not accounts.*)",
    reason: /^not verified: signed as "auth-server", which may not publish this/,
    forge: async (envelope) => {
      const { body, signature } = await new EventSecurity(localEventSecurity('auth-server')).encode(
        envelope,
      );
      return { body, headers: { [SIGNATURE_HEADER]: signature } };
    },
  },
];

/** Issue 11 item 1: events on the bus must prove they come from the account service. */
describe('forged account events', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let consumer: AccountEventsConsumer;

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx, {
      AUTH_ISSUER: ISSUER,
      ACCOUNT_SERVICE_AUDIENCE: ACCOUNTS,
    });
    consumer = server.app.get(AccountEventsConsumer);
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  const publishForged = async (envelope: EventEnvelope, forged: Forged): Promise<void> =>
    publishToStream(
      ctx.natsUrl,
      `${ctx.namespace}.${envelope.subject}`,
      forged.body,
      envelope.id,
      forged.headers,
    );

  const deadLetterOf = async (eventId: string) =>
    waitFor('the forged event in the dead letters', async () =>
      (await readStream(ctx.natsUrl, ctx.namespace, 'DEADLETTER')).find(
        (message) => message.payload.id === eventId,
      ),
    );

  const clientRow = async (id: string) =>
    (
      await queryDatabase<{ name: string; version: number }>(
        ctx.databaseUrl,
        'SELECT name, version FROM auth.clients WHERE id = $1',
        [id],
      )
    )[0];

  const secretToken = (client: SystemAccountState, secret: string) =>
    postToken(
      server.url,
      { grant_type: 'client_credentials' },
      { basic: { clientId: client.clientId, secret } },
    );

  const assertionToken = async (client: SystemAccountState, privateKey: CryptoKey) => {
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({
      iss: client.clientId,
      sub: client.clientId,
      aud: ISSUER,
      jti: randomUUID(),
      iat: now,
      exp: now + 60,
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'attacker' })
      .sign(privateKey);
    return postToken(server.url, {
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: assertion,
    });
  };

  it.each(FORGERIES)(
    'a system-account.updated $name for the platform admin client: dead-lettered, not applied, no admin token, a later real update applies',
    async ({ forge, reason }) => {
      // The platform admin client, as the account service publishes it.
      const { state: admin, secret } = buildSystemAccount({
        name: 'Platform admin',
        platformAccess: { audience: ACCOUNTS, scopes: ['accounts:admin'] },
      });
      await publishEvent(ctx, SystemAccountCreated, admin, 1);
      await waitFor(
        'the admin client',
        async () => (await secretToken(admin, secret)).status === 200,
      );
      const before = { ...consumer.counts };

      // The attack: a higher version that swaps in the attacker's key for private_key_jwt.
      const attacker = await attackerKey();
      const forgedState: SystemAccountState = {
        ...admin,
        tokenEndpointAuthMethods: ['private_key_jwt', 'client_secret_basic'],
        jwks: { keys: [attacker.jwk] },
      };
      const forged = SystemAccountUpdated.create(forgedState, 99, {
        ...META,
        occurredAt: new Date(),
      });
      await publishForged(forged, await forge(forged, attacker.eventKey));
      await settle(ctx, server.url);

      const dead = await deadLetterOf(forged.id);
      expect(dead.headers['Charter-Dead-Letter-Reason']).toMatch(reason);
      expect(consumer.counts.unverified).toBe(before.unverified + 1);
      expect(await clientRow(admin.id)).toEqual({ name: 'Platform admin', version: 1 });
      const refused = await assertionToken(admin, attacker.privateKey);
      expect({ status: refused.status, error: refused.body.error }).toEqual({
        status: 401,
        error: 'invalid_client',
      });
      expect(refused.body).not.toHaveProperty('access_token');

      // The forged version 99 moved nothing: the account service's real version 2 applies.
      await publishEvent(
        ctx,
        SystemAccountUpdated,
        { ...admin, name: 'Platform admin (renamed)' },
        2,
      );
      await waitFor('the real update', async () => (await clientRow(admin.id))?.version === 2);
      expect(await clientRow(admin.id)).toEqual({ name: 'Platform admin (renamed)', version: 2 });
      expect((await secretToken(admin, secret)).body.scope).toBe('accounts:admin');
      expect((await assertionToken(admin, attacker.privateKey)).status).toBe(401);
    },
  );

  it.each(FORGERIES)(
    "a user.updated $name swapping the password hash: dead-lettered, the attacker's password refused, a later real disable applies",
    async ({ forge, reason }) => {
      const portal = await publishScenario(ctx, {
        client: { grantTypes: ['client_credentials', 'password'] },
      });
      const user = await publishUser(ctx, { enterpriseId: portal.enterprise.id });
      const login = (password: string) =>
        postToken(
          server.url,
          { grant_type: 'password', username: user.state.email, password },
          { basic: { clientId: portal.client.clientId, secret: portal.secret } },
        );
      await waitFor('the user', async () => (await login(user.password)).status === 200);

      const attacker = await attackerKey();
      const attackerPassword = `attacker-${randomUUID()}`;
      const forgedState: UserState = { ...user.state, passwordHash: await hash(attackerPassword) };
      const forged = UserUpdated.create(forgedState, 50, { ...META, occurredAt: new Date() });
      await publishForged(forged, await forge(forged, attacker.eventKey));
      await settle(ctx, server.url);

      const dead = await deadLetterOf(forged.id);
      expect(dead.headers['Charter-Dead-Letter-Reason']).toMatch(reason);
      expect((await login(attackerPassword)).body.error).toBe('invalid_grant');
      expect((await login(user.password)).status).toBe(200);

      // The real disable (version 2) is not shadowed by the forged version 50.
      await publishEvent(ctx, UserDisabled, { ...user.state, status: 'disabled' }, 2);
      await waitFor(
        'the user to be disabled',
        async () => (await login(user.password)).status === 400,
      );
      expect((await login(user.password)).body.error).toBe('invalid_grant');
      const [row] = await queryDatabase<{ version: number }>(
        ctx.databaseUrl,
        'SELECT version FROM auth.users WHERE id = $1',
        [user.state.id],
      );
      expect(row?.version).toBe(2);
    },
  );
});
