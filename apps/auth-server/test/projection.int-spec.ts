import {
  ContractCreated,
  type EventEnvelope,
  SIGNATURE_HEADER,
  SystemAccountUpdated,
} from '@charter/events';
import {
  createTestContext,
  queryDatabase,
  readStream,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_EVENTS_DURABLE } from '../src/projection/account-events.consumer.js';
import {
  buildContract,
  buildEnterprise,
  publishEnvelope,
  publishEvent,
  publishScenario,
  settle,
} from './support/account-events.js';
import { postToken, type RunningAuthServer, startAuthServer } from './support/auth-server.js';

describe('account projection', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx);
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('stores each aggregate at its version, secrets only as hashes', async () => {
    const scenario = await publishScenario(ctx);
    await settle(ctx, server.url);
    const [client] = await queryDatabase(
      ctx.databaseUrl,
      'SELECT client_id, version, secrets, enterprise_id FROM auth.clients WHERE id = $1',
      [scenario.client.id],
    );
    expect(client).toMatchObject({
      client_id: scenario.client.clientId,
      version: 1,
      enterprise_id: scenario.enterprise.id,
    });
    expect(JSON.stringify(client!.secrets)).not.toContain(scenario.secret);
    const [contract] = await queryDatabase(
      ctx.databaseUrl,
      'SELECT status, version, resource_indicator FROM auth.contracts WHERE id = $1',
      [scenario.contract.id],
    );
    expect(contract).toEqual({
      status: 'active',
      version: 1,
      resource_indicator: scenario.contract.resourceIndicator,
    });
  });

  it('a stale event (lower version) changes nothing', async () => {
    const scenario = await publishScenario(ctx);
    const basic = { basic: { clientId: scenario.client.clientId, secret: scenario.secret } };
    await waitFor(
      'the scenario',
      async () =>
        (await postToken(server.url, { grant_type: 'client_credentials' }, basic)).status === 200,
    );
    await publishEvent(ctx, SystemAccountUpdated, { ...scenario.client, name: 'Renamed' }, 3);
    await publishEvent(ctx, SystemAccountUpdated, { ...scenario.client, status: 'disabled' }, 2);
    await settle(ctx, server.url);

    const [client] = await queryDatabase(
      ctx.databaseUrl,
      'SELECT name, status, version FROM auth.clients WHERE id = $1',
      [scenario.client.id],
    );
    expect(client).toEqual({ name: 'Renamed', status: 'active', version: 3 });
    expect((await postToken(server.url, { grant_type: 'client_credentials' }, basic)).status).toBe(
      200,
    );
  });

  it('an event that breaks its schema goes to the dead-letter subject and does not stop the rest', async () => {
    // Signed by the account service (so it is not refused as a forgery), but its data breaks the
    // ContractCreated schema.
    const enterprise = buildEnterprise();
    const valid = ContractCreated.create(buildContract({ enterpriseId: enterprise.id }), 1, {
      actor: { type: 'system', id: 'test' },
      correlationId: 'dead-1',
      occurredAt: new Date(),
    });
    const broken = { ...valid, data: { ...valid.data, status: 'bogus' } } as EventEnvelope;
    await publishEnvelope(ctx, broken);
    const scenario = await publishScenario(ctx);
    await waitFor(
      'the scenario',
      async () =>
        (
          await postToken(
            server.url,
            { grant_type: 'client_credentials' },
            { basic: { clientId: scenario.client.clientId, secret: scenario.secret } },
          )
        ).status === 200,
    );
    await settle(ctx, server.url);
    const dead = await waitFor('the dead letter', async () => {
      const found = (await readStream(ctx.natsUrl, ctx.namespace, 'DEADLETTER')).filter(
        (message) => message.payload.id === broken.id,
      );
      return found.length > 0 ? found : undefined;
    });
    expect(dead).toHaveLength(1);
    const [letter] = dead;
    expect(letter!.subject).toBe(`${ctx.namespace}.deadletter.${ACCOUNT_EVENTS_DURABLE}`);
    expect(letter!.payload).toEqual(broken);
    expect(letter!.headers['Charter-Original-Subject']).toBe(
      `${ctx.namespace}.accounts.contract.created`,
    );
    expect(letter!.headers['Charter-Dead-Letter-Reason']).toMatch(/^data: status /);
    // The signature travels with it, so an operator can check where it came from.
    expect(letter!.headers[SIGNATURE_HEADER]).toBeTruthy();
    // Never applied.
    expect(
      await queryDatabase(ctx.databaseUrl, 'SELECT id FROM auth.contracts WHERE id = $1', [
        valid.aggregate.id,
      ]),
    ).toEqual([]);
  });
});
