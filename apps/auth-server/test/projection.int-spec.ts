import { SystemAccountUpdated } from '@charter/events';
import {
  createTestContext,
  publishToStream,
  queryDatabase,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvent, publishScenario, settle } from './support/account-events.js';
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
    await publishToStream(ctx.natsUrl, `${ctx.namespace}.accounts.contract.created`, {
      not: 'an envelope',
    });
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
  });
});
