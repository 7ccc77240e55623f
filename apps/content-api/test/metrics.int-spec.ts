import { type ContractState, ContractSuspended } from '@charter/events';
import { MetricsServer } from '@charter/service-kit';
import {
  createTestContext,
  freePort,
  MetricsScraper,
  observabilityQueries,
  readPromql,
  registeredMetricName,
  type RunningService,
  startService,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildContentApi,
  buildContract,
  buildEnterprise,
  type Caller,
  CONTENT_API_AUDIENCE,
  ContentApiRegistered,
  ContractCreated,
  EnterpriseCreated,
  publishEvent,
  publishSystemAccount,
} from './support/account-events.js';
import { requestToken, tokenFor } from './support/auth-server.js';
import { type RunningContentApi, startContentApi } from './support/content-api.js';

/**
 * The counters move with what happens: the auth-server (a real process) and the content API
 * scraped on their metrics listeners, never on their public ports.
 */
describe('metrics on the separate listener', () => {
  let ctx: TestContext;
  let authServer: RunningService;
  let authMetrics: MetricsScraper;
  let api: RunningContentApi;
  let apiMetrics: MetricsScraper;
  let contentApiId: string;

  async function enroll(): Promise<{ caller: Caller; token: string; contract: ContractState }> {
    const enterprise = buildEnterprise();
    await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
    const contract = buildContract({ enterpriseId: enterprise.id, contentApiId });
    await publishEvent(ctx, ContractCreated, contract, 1);
    const caller = await publishSystemAccount(ctx, { enterpriseId: enterprise.id });
    const token = await tokenFor(authServer, caller, { resource: CONTENT_API_AUDIENCE });
    await waitFor(
      'the content API to accept the token',
      async () => (await api.get('/v1/articles', token)).status === 200,
    );
    return { caller, token, contract };
  }

  /** The content API in this process, with its metrics listener on a free port. */
  async function startApi(): Promise<void> {
    api = await startContentApi(ctx, {
      AUTH_ISSUER: authServer.url,
      METRICS_PORT: String(await freePort()),
      METRICS_HOST: '127.0.0.1',
    });
    apiMetrics = new MetricsScraper(`http://127.0.0.1:${api.app.get(MetricsServer).port}`);
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    const [authPort, authMetricsPort] = [await freePort(), await freePort()];
    authServer = await startService('auth-server', authPort, {
      ...ctx.env,
      AUTH_ISSUER: `http://127.0.0.1:${authPort}`,
      METRICS_PORT: String(authMetricsPort),
      METRICS_HOST: '127.0.0.1',
    });
    authMetrics = new MetricsScraper(`http://127.0.0.1:${authMetricsPort}`);
    await startApi();
    const contentApi = buildContentApi();
    contentApiId = contentApi.id;
    await publishEvent(ctx, ContentApiRegistered, contentApi, 1);
  });

  afterAll(async () => {
    await api?.app.close();
    await authServer?.stop();
    await ctx?.cleanup();
  });

  it('counts an issued token per grant, without ids unless METRICS_ID_LABELS is on', async () => {
    const issued = { grant_type: 'client_credentials' };
    const before = await authMetrics.value('charter_tokens_issued_total', issued);
    const { contract } = await enroll();

    expect(await authMetrics.value('charter_tokens_issued_total', issued)).toBe(before + 1);
    const series = (await authMetrics.scrape()).filter(
      (s) => s.name === 'charter_tokens_issued_total',
    );
    expect(series.every((s) => (s.labels.client_id ?? '') === '')).toBe(true);
    expect(JSON.stringify(series)).not.toContain(contract.id);
  });

  it('counts token refusals per RFC 6749 error and grant; an unknown grant_type is one bounded label', async () => {
    const { caller } = await enroll();
    const wrongSecret = { ...caller, secret: `${caller.secret}x` };
    const invalidClient = { error: 'invalid_client', grant_type: 'client_credentials' };
    const unsupported = { error: 'unsupported_grant_type', grant_type: 'unknown' };
    const [clientBefore, grantBefore] = [
      await authMetrics.value('charter_token_refusals_total', invalidClient),
      await authMetrics.value('charter_token_refusals_total', unsupported),
    ];

    expect(
      (await requestToken(authServer, wrongSecret, { resource: CONTENT_API_AUDIENCE })).status,
    ).toBe(401);
    // Fifty made-up grant types at once: one series, never one per value sent.
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fetch(`${authServer.url}/token`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${encodeURIComponent(caller.clientId)}:${encodeURIComponent(caller.secret)}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ grant_type: `urn:made-up:${i}` }).toString(),
        }),
      ),
    );
    expect(answers.every((answer) => answer.status === 400)).toBe(true);

    expect(await authMetrics.value('charter_token_refusals_total', invalidClient)).toBe(
      clientBefore + 1,
    );
    expect(await authMetrics.value('charter_token_refusals_total', unsupported)).toBe(
      grantBefore + 50,
    );
    const text = JSON.stringify(await authMetrics.scrape());
    expect(text).not.toContain('urn:made-up');
  });

  it('counts a refusal at the API by its reason after a suspension reaches it', async () => {
    const { token, contract } = await enroll();
    const suspended = { outcome: 'contract_suspended' };
    const applied = { consumer: 'content-api-accounts', outcome: 'applied' };
    const [refusedBefore, appliedBefore] = [
      await apiMetrics.value('charter_enforcement_outcomes_total', suspended),
      await apiMetrics.value('charter_events_consumed_total', applied),
    ];

    await publishEvent(ctx, ContractSuspended, { ...contract, status: 'suspended' }, 2);
    await waitFor(
      'the suspension to refuse the token',
      async () => (await api.get('/v1/articles', token)).status === 401,
    );

    expect(await apiMetrics.value('charter_enforcement_outcomes_total', suspended)).toBe(
      refusedBefore + 1,
    );
    await waitFor(
      'the durable consumer to count the suspension',
      async () =>
        (await apiMetrics.value('charter_events_consumed_total', applied)) > appliedBefore,
    );
    expect(
      await apiMetrics.value('charter_enforcement_outcomes_total', { outcome: 'served' }),
    ).toBeGreaterThan(0);
  });

  it('labels requests by route template, and one label for every unmatched path', async () => {
    const { token } = await enroll();
    await api.get('/v1/articles/does-not-exist', token);
    for (let i = 0; i < 5; i += 1) {
      await api.get(`/no/such/path/${i}`, token);
    }

    const routes = new Set(
      (await apiMetrics.scrape())
        .filter((s) => s.name === 'charter_http_request_duration_seconds_count')
        .map((s) => s.labels.route),
    );
    expect(routes).toContain('/v1/articles');
    expect([...routes].some((route) => route?.includes('does-not-exist'))).toBe(false);
    expect([...routes].some((route) => route?.includes('/no/such/path'))).toBe(false);
    expect(routes).toContain('unmatched');
  });

  it('is not served on the public listener', async () => {
    const { token } = await enroll();
    const answer = await api.get('/metrics', token);
    expect(answer.status).toBe(404);
    expect(JSON.stringify(answer.body)).not.toContain('charter_');
  });

  it('after a consumer restart, counts the events it caught up on and shows no lag', async () => {
    const { contract } = await enroll();
    const consumer = { consumer: 'content-api-accounts' };
    await api.app.close();
    // Published while no instance consumes: the durable keeps it for the next one.
    await publishEvent(ctx, ContractSuspended, { ...contract, status: 'suspended' }, 2);

    await startApi();
    await waitFor(
      'the restarted consumer to apply what it missed',
      async () =>
        (await apiMetrics.value('charter_events_consumed_total', {
          ...consumer,
          outcome: 'applied',
        })) >= 1,
    );
    await waitFor(
      'no lag left',
      async () =>
        (await apiMetrics.value('charter_events_consumer_pending_messages', consumer)) === 0,
    );
  });

  it('registers every metric the alert rules and dashboards name', async () => {
    const registered = new Set([
      ...(await authMetrics.registeredNames()),
      ...(await apiMetrics.registeredNames()),
    ]);
    const named = observabilityQueries().flatMap((query) =>
      readPromql(query.expression).metrics.map((metric) => ({ metric, where: query.where })),
    );
    expect(named.length).toBeGreaterThan(20);
    const missing = named.filter(({ metric }) => !registered.has(registeredMetricName(metric)));
    expect(missing).toEqual([]);
  });

  it('reports the state, outbox and key gauges', async () => {
    const api = await apiMetrics.scrape();
    expect(api.find((s) => s.name === 'charter_access_state_staleness_seconds')?.value).toBe(0);
    expect(api.some((s) => s.name === 'process_cpu_seconds_total')).toBe(true);
    expect(api.every((s) => s.labels.service === 'content-api')).toBe(true);

    const auth = await authMetrics.scrape();
    const age = auth.find((s) => s.name === 'charter_signing_key_age_seconds');
    expect(age?.labels.algorithm).toBe('ES256');
    expect(age?.value).toBeGreaterThanOrEqual(0);
    expect(auth.find((s) => s.name === 'charter_outbox_depth')?.labels.outbox).toBe('auth.outbox');
    expect(
      auth.find((s) => s.name === 'charter_outbox_oldest_age_seconds')?.value,
    ).toBeGreaterThanOrEqual(0);
  });
});
