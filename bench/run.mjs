#!/usr/bin/env node
// `pnpm bench`: each case against the running services and against its LIMIT (a bare
// node:http server doing only the unavoidable work), with the same load from a separate
// process, in the same run. See bench/README.md for what each case measures.
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

// ---- settings -------------------------------------------------------------------------
const env = process.env;
function int(name, fallback) {
  const value = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a non-negative integer`);
    process.exit(2);
  }
  return value;
}
const ALL_CASES = ['token', 'assertion', 'introspect', 'read', 'list', 'suspend'];
const settings = {
  duration: int('BENCH_DURATION', 10),
  warmup: int('BENCH_WARMUP', 3),
  connections: int('BENCH_CONNECTIONS', 32),
  contracts: int('BENCH_CONTRACTS', 1000),
  sqlContracts: int('BENCH_SQL_CONTRACTS', 0),
  batch: Math.max(1, int('BENCH_BATCH', 20)),
  suspensions: int('BENCH_SUSPENSIONS', 20),
  listLimit: env.BENCH_LIST_LIMIT ? int('BENCH_LIST_LIMIT', 50) : undefined,
  cases: (env.BENCH_CASES ?? ALL_CASES.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean),
  profile: env.BENCH_PROFILE || undefined,
  // Each service with its Prometheus listener on, scraped every 5 s during the run (issue 15).
  metrics: env.BENCH_METRICS === '1',
  adminDatabaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  natsUrl: env.NATS_URL ?? 'nats://127.0.0.1:4222',
};
const unknownCases = settings.cases.filter((name) => !ALL_CASES.includes(name));
if (unknownCases.length > 0) {
  console.error(`BENCH_CASES: unknown ${unknownCases.join(', ')} (cases: ${ALL_CASES.join(', ')})`);
  process.exit(2);
}
const PROFILE_CASE = { 'auth-server': 'token', 'content-api': 'read', 'account-service': 'list' };
if (settings.profile !== undefined && !(settings.profile in PROFILE_CASE)) {
  console.error(`BENCH_PROFILE must be one of ${Object.keys(PROFILE_CASE).join(', ')}`);
  process.exit(2);
}

// ---- builds ---------------------------------------------------------------------------
const missing = ['auth-server', 'account-service', 'content-api']
  .map((name) => `apps/${name}/dist/main.js`)
  .concat('packages/testing/dist/index.js')
  .filter((path) => !existsSync(`${ROOT}${path}`));
if (missing.length > 0) {
  console.error(`bench: ${missing.join(', ')} missing: run "pnpm build" first`);
  process.exit(2);
}

const stack = await import('./lib/stack.mjs');
const { memory, clockTicks } = await import('./lib/proc.mjs');
const { basic, setUp, send } = await import('./lib/setup.mjs');
const { assertionBodies, keysFromJwks, verifyAccessToken } = await import('./lib/jwt.mjs');
const { createMeasure } = await import('./lib/measure.mjs');
const { suspensionCase } = await import('./lib/suspension.mjs');
const { printReport } = await import('./lib/report.mjs');
const { summarise, printSummary } = await import('./profile-summary.mjs');
const { waitFor } = stack.testing;

const ACCOUNTS_AUDIENCE = 'http://localhost:3001';
const CONTENT_AUDIENCE = 'http://localhost:3002';
const ADMIN_CLIENT_ID = 'charter-admin';
const startedAt = new Date();
const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
const resultsDir = `${ROOT}bench/results`;
const log = (message) => console.log(`[bench] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const { pair } = createMeasure(settings, log);

function check(condition, message) {
  if (!condition) {
    throw new Error(`check failed before timing: ${message}`);
  }
}

// ---- main -----------------------------------------------------------------------------
async function main() {
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    clockTicks: clockTicks(),
    loadavgAtStart: os.loadavg(),
  };
  const revision = gitRevision();
  log(
    `${machine.cpus} CPU (${machine.cpuModel}), node ${machine.node}; ${settings.connections} connections, ` +
      `${settings.warmup} s warm-up + ${settings.duration} s measured per target; cases ${settings.cases.join(', ')}`,
  );
  if (machine.cpus <= 2) {
    log('note: the load generator shares the CPUs with the server under test');
  }
  if (machine.loadavgAtStart[0] > machine.cpus / 2) {
    log(
      `note: the machine is busy (load average ${machine.loadavgAtStart[0].toFixed(2)}): other processes compete for the CPUs`,
    );
  }

  const database = await stack.createBenchDatabase(settings.adminDatabaseUrl);
  const namespace = stack.createBenchNamespace(settings.natsUrl);
  log(`database ${database.name}, events namespace ${namespace}`);

  const secret = () => randomBytes(32).toString('base64url');
  const hashKey = secret();
  const adminSecret = secret();
  const authPort = await stack.testing.freePort();
  const issuer = `http://127.0.0.1:${authPort}`;
  // Production mode needs NATS credentials (an open local server ignores them) and event keys:
  // the compose stack's public local keys (infra/compose/event-keys), never for anything shared.
  const eventKey = (file) =>
    fileURLToPath(new URL(`../infra/compose/event-keys/${file}`, import.meta.url));
  const shared = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    NATS_URL: settings.natsUrl,
    NATS_USER: 'bench',
    NATS_PASSWORD: secret(),
    EVENTS_NAMESPACE: namespace,
    AUTH_ISSUER: issuer,
  };
  const profileOut = settings.profile
    ? `${resultsDir}/${stamp}-${settings.profile}.cpuprofile`
    : undefined;
  if (profileOut) {
    mkdirSync(resultsDir, { recursive: true });
  }
  const profiled = (name) =>
    settings.profile === name
      ? {
          NODE_OPTIONS: `--import=${new URL('./lib/profiler.mjs', import.meta.url).href}`,
          BENCH_PROFILE_OUT: profileOut,
        }
      : {};
  /** METRICS_PORT for one service when BENCH_METRICS=1; the ports are scraped while it runs. */
  const metricsPorts = [];
  const metricsEnv = async () => {
    if (!settings.metrics) {
      return {};
    }
    const port = await stack.testing.freePort();
    metricsPorts.push(port);
    return { METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1' };
  };
  // The auth-server must listen on the port its issuer names, so that port is picked first.
  const auth = await stack.startBenchService(
    'auth-server',
    {
      ...shared,
      KEYS_ENCRYPTION_KEY: secret(),
      CREDENTIALS_HASH_KEY: hashKey,
      EVENTS_SIGNING_KEY: eventKey('auth-server.signing.json'),
      EVENTS_ACCOUNT_SERVICE_KEYS: eventKey('account-service.keys.json'),
      EVENTS_DECRYPTION_KEYS: eventKey('auth-server.decryption.json'),
      ...profiled('auth-server'),
      ...(await metricsEnv()),
    },
    authPort,
  );
  const accounts = await stack.startBenchService('account-service', {
    ...shared,
    AUTH_AUDIENCE: ACCOUNTS_AUDIENCE,
    ADMIN_CLIENT_ID,
    ADMIN_CLIENT_SECRET: adminSecret,
    CREDENTIALS_HASH_KEY: hashKey,
    EVENTS_SIGNING_KEY: eventKey('account-service.signing.json'),
    EVENTS_AUTH_SERVER_KEYS: eventKey('auth-server.keys.json'),
    EVENTS_CONTENT_API_KEYS: eventKey('content-api.keys.json'),
    EVENTS_AUTH_SERVER_ENCRYPTION_KEY: eventKey('auth-server.encryption.json'),
    ...profiled('account-service'),
    ...(await metricsEnv()),
  });
  const content = await stack.startBenchService('content-api', {
    ...shared,
    AUTH_AUDIENCE: CONTENT_AUDIENCE,
    EVENTS_SIGNING_KEY: eventKey('content-api.signing.json'),
    EVENTS_ACCOUNT_SERVICE_KEYS: eventKey('account-service.keys.json'),
    EVENTS_AUTH_SERVER_KEYS: eventKey('auth-server.keys.json'),
    ...profiled('content-api'),
    ...(await metricsEnv()),
  });
  const services = [auth, accounts, content];
  // As Prometheus would, more often than its default 15 s: what a scrape costs is in the figures.
  const scraper = setInterval(() => {
    for (const port of metricsPorts) {
      fetch(`http://127.0.0.1:${port}/metrics`)
        .then((response) => response.text())
        .catch(() => undefined);
    }
  }, 5_000);
  scraper.unref();
  log(
    `services ready: auth-server ${auth.url}, account-service ${accounts.url}, content-api ${content.url} (NODE_ENV=production)`,
  );

  const wantsList = settings.cases.includes('list');
  const setup = await setUp(
    { auth: auth.url, accounts: accounts.url, content: content.url },
    {
      adminClientId: ADMIN_CLIENT_ID,
      adminSecret,
      accountsAudience: ACCOUNTS_AUDIENCE,
      contentAudience: CONTENT_AUDIENCE,
      issuer,
      // The benchmark's own contract is one of BENCH_CONTRACTS.
      contracts: wantsList ? Math.max(0, settings.contracts - 1) : 0,
      batch: settings.batch,
      log,
    },
  );
  if (setup.fill.contracts > 0) {
    log(
      `${setup.fill.contracts} extra contracts on ${setup.fill.enterprises} enterprises in ${setup.fill.seconds.toFixed(1)} s`,
    );
  }
  if (wantsList && settings.sqlContracts > 0) {
    const started = Date.now();
    await cloneContracts(database.url, settings.sqlContracts);
    log(
      `${settings.sqlContracts} more contracts copied in SQL in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  // Nothing of the setup may still be flowing through the outbox and the consumers while we time.
  await waitFor(
    'the outbox and the event consumers to catch up',
    async () => {
      const [{ n }] = await stack.query(
        database.url,
        'SELECT count(*)::int AS n FROM accounts.outbox WHERE published_at IS NULL',
      );
      return n === 0 && (await stack.eventsPending(settings.natsUrl, namespace)) === 0;
    },
    { timeoutMs: 600_000, intervalMs: 250 },
  );
  log('events drained');

  const jwks = (await send(auth.url, { path: '/.well-known/jwks.json' })).body;
  const authKeys = keysFromJwks(jwks);
  check(authKeys.size > 0, 'the auth-server publishes an ES256 key');
  const contract = {
    audience: CONTENT_AUDIENCE,
    scopes: setup.contractScopes,
    enterpriseId: setup.enterpriseId,
    contractId: setup.contractId,
  };
  const secretClient = {
    clientId: setup.clientId,
    secretHash: createHmac('sha256', hashKey).update(setup.clientSecret, 'utf8').digest('hex'),
    ...contract,
  };
  const limits = {
    token: await stack.startLimit('token-limit', {
      issuer,
      hashKey,
      ttl: 600,
      clients: [secretClient, { ...setup.assertionClient, ...contract }],
    }),
    introspect: await stack.startLimit('introspect-limit', {
      issuer,
      audience: CONTENT_AUDIENCE,
      hashKey,
      jwks,
      clients: [secretClient],
    }),
    resource: await stack.startLimit('resource-limit', {
      issuer,
      audience: CONTENT_AUDIENCE,
      scope: 'articles:read',
      jwks,
    }),
    list: await stack.startLimit('list-limit', {
      issuer,
      audience: ACCOUNTS_AUDIENCE,
      scope: 'accounts:admin',
      jwks,
      databaseUrl: database.url,
    }),
  };
  for (const limit of Object.values(limits)) {
    limit.name = `${limit.name} (limit)`;
  }

  await sleep(2_000);
  const rssAtRest = Object.fromEntries(
    services.map((service) => [service.name, memory(service.pid)]),
  );

  const results = [];
  let suspension;
  let profileSummary;
  const profileHooks = (serviceName) =>
    settings.profile === serviceName
      ? {
          onStart: () => process.kill(services.find((s) => s.name === serviceName).pid, 'SIGWINCH'),
          onStop: async () => {
            process.kill(services.find((s) => s.name === serviceName).pid, 'SIGWINCH');
            await waitFor('the CPU profile', () => existsSync(profileOut), {
              timeoutMs: 30_000,
              intervalMs: 100,
            });
            await sleep(500);
          },
        }
      : {};

  for (const name of settings.cases) {
    if (name === 'token' || name === 'assertion') {
      const assertion = name === 'assertion';
      const request = assertion ? setup.assertionTokenRequest : setup.contentTokenRequest;
      const clientId = assertion ? setup.assertionClient.clientId : setup.clientId;
      // A private_key_jwt request is good once: each send gets a fresh assertion.
      const once = () =>
        assertion
          ? { ...request, body: assertionBodies(request.body, request.clientAssertion)() }
          : request;
      const real = await send(auth.url, once());
      const bound = await send(limits.token.url, once());
      check(
        real.status === 200 && bound.status === 200,
        `token answers ${real.status} ${JSON.stringify(real.body)} / ${bound.status} ${JSON.stringify(bound.body)}`,
      );
      const limitKeys = keysFromJwks(
        (await send(limits.token.url, { path: '/.well-known/jwks.json' })).body,
      );
      for (const [who, answer, keys] of [
        ['auth-server', real, authKeys],
        ['token limit', bound, limitKeys],
      ]) {
        const verified = verifyAccessToken(answer.body.access_token, {
          keys,
          issuer,
          audience: CONTENT_AUDIENCE,
        });
        check(verified.ok, `${who} token does not verify against its JWKS: ${verified.reason}`);
        check(
          verified.claims.client_id === clientId &&
            verified.claims.contract_id === setup.contractId &&
            verified.claims.scope === 'articles:read',
          `${who} token claims ${JSON.stringify(verified.claims)}`,
        );
        check(
          answer.body.token_type === 'Bearer' && answer.body.scope === 'articles:read',
          `${who} token response ${JSON.stringify(answer.body)}`,
        );
      }
      log(
        `${name}: both tokens verify against their JWKS (ES256, at+jwt, iss, aud, exp, claims); ${real.bytes} / ${bound.bytes} bytes`,
      );
      results.push(
        await pair(
          assertion ? 'client_credentials (private_key_jwt)' : 'client_credentials',
          assertion
            ? 'POST /token, client_credentials, private_key_jwt (a new ES256 assertion per request), resource + scope'
            : 'POST /token, client_credentials, client_secret_basic, resource + scope',
          { target: auth, request },
          { target: limits.token, request },
          database.name,
          assertion ? {} : profileHooks('auth-server'),
        ),
      );
    } else if (name === 'introspect') {
      const token = await setup.contentToken();
      const request = {
        method: 'POST',
        path: '/introspect',
        headers: {
          authorization: basic(setup.clientId, setup.clientSecret),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ token }).toString(),
      };
      for (const [who, answer] of [
        ['auth-server', await send(auth.url, request)],
        ['introspection limit', await send(limits.introspect.url, request)],
      ]) {
        check(
          answer.status === 200 &&
            answer.body.active === true &&
            answer.body.client_id === setup.clientId &&
            answer.body.scope === 'articles:read',
          `${who} introspection ${answer.status} ${JSON.stringify(answer.body)}`,
        );
      }
      log('introspect: both answer active with the client and the scope');
      results.push(
        await pair(
          'POST /introspect',
          "RFC 7662 introspection of the caller's own access token, client_secret_basic",
          { target: auth, request },
          { target: limits.introspect, request },
          database.name,
          {},
        ),
      );
    } else if (name === 'read') {
      const token = await setup.contentToken();
      const request = { path: '/v1/articles', headers: { authorization: `Bearer ${token}` } };
      const real = await send(content.url, request);
      const bound = await send(limits.resource.url, request);
      check(
        real.status === 200 && Array.isArray(real.body?.items) && real.body.items.length > 0,
        `content API /v1/articles ${real.status} ${JSON.stringify(real.body).slice(0, 200)}`,
      );
      check(bound.status === 200 && bound.body.items.length > 0, `resource limit ${bound.status}`);
      log(
        `read: ${real.body.items.length} articles (${real.bytes} bytes) / limit ${bound.bytes} bytes`,
      );
      results.push(
        await pair(
          'GET /v1/articles',
          'content API read with a valid access token',
          { target: content, request },
          { target: limits.resource, request },
          database.name,
          profileHooks('content-api'),
        ),
      );
    } else if (name === 'list') {
      const admin = await setup.adminToken();
      // The service's own page size unless BENCH_LIST_LIMIT asks for one (its first page).
      const query = settings.listLimit === undefined ? '' : `?limit=${settings.listLimit}`;
      const request = {
        path: `/v1/contracts${query}`,
        headers: { authorization: `Bearer ${admin}` },
      };
      const real = await send(accounts.url, request);
      check(
        real.status === 200 && Array.isArray(real.body?.items),
        `GET /v1/contracts ${real.status} ${JSON.stringify(real.body).slice(0, 200)}`,
      );
      const count = real.body.items.length;
      const expected = Math.min(settings.contracts, settings.listLimit ?? settings.contracts);
      check(count > 0 && count <= expected, `GET /v1/contracts lists ${count} contracts`);
      const limitRequest = { ...request, path: `/v1/contracts?limit=${count}` };
      const bound = await send(limits.list.url, limitRequest);
      check(
        bound.status === 200 && bound.body.items.length === count,
        `list limit ${bound.status} ${bound.body?.items?.length}`,
      );
      check(
        real.body.items.every((item, i) => item.id === bound.body.items[i].id),
        'the list limit returns the same contracts in the same order',
      );
      check(
        (real.body.nextCursor === null) === (bound.body.nextCursor === null),
        'both say whether another page follows',
      );
      const paged = real.body.nextCursor !== undefined;
      log(
        `list: ${count} of ${settings.contracts + settings.sqlContracts} contracts per response` +
          `${paged ? ' (first page)' : ''} (${real.bytes} / ${bound.bytes} bytes)`,
      );
      const outcome = await pair(
        'GET /v1/contracts',
        `admin list: ${paged ? 'first page' : 'all'} of ${count} contracts, ${settings.contracts + settings.sqlContracts} in the table`,
        { target: accounts, request },
        { target: limits.list, request: limitRequest },
        database.name,
        profileHooks('account-service'),
      );
      outcome.contracts = count;
      results.push(outcome);
    } else if (name === 'suspend') {
      suspension = await suspensionCase({
        accounts,
        content,
        setup,
        rounds: settings.suspensions,
        log,
      });
    }
  }

  // After the load: 20 s without requests, so the GC has settled (growth would show here).
  await sleep(20_000);
  const rssAfter = Object.fromEntries(
    services.map((service) => [service.name, memory(service.pid)]),
  );

  if (profileOut && existsSync(profileOut)) {
    const { readFileSync } = await import('node:fs');
    profileSummary = summarise(JSON.parse(readFileSync(profileOut, 'utf8')), 25);
  }

  const report = {
    startedAt: startedAt.toISOString(),
    command: 'pnpm bench',
    revision,
    settings: { ...settings, adminDatabaseUrl: undefined },
    machine,
    contracts: wantsList ? settings.contracts : 0,
    setup: { extraContractsSeconds: setup.fill.seconds },
    cases: results,
    suspension,
    memory: Object.fromEntries(
      services.map((service) => [
        service.name,
        { atRest: rssAtRest[service.name], afterLoad: rssAfter[service.name] },
      ]),
    ),
    ...(profileOut
      ? { profile: { service: settings.profile, file: profileOut, summary: profileSummary } }
      : {}),
  };
  mkdirSync(resultsDir, { recursive: true });
  const file = `${resultsDir}/${stamp}.json`;
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);

  printReport(report);
  if (profileSummary) {
    console.log(`\nCPU profile of ${settings.profile} during the measured run (${profileOut}):`);
    printSummary(profileSummary, 25);
    console.log('\n(figures above were measured with the profiler attached: do not quote them)');
  }
  console.log(`\nresults: ${file}`);
  const failed = results.filter((outcome) => outcome.failures > 0).map((outcome) => outcome.case);
  if (suspension && suspension.failures.length > 0) {
    failed.push('suspension');
  }
  if (failed.length > 0) {
    console.error(`\nbench: errors or non-2xx responses in ${failed.join(', ')}`);
    return 1;
  }
  return 0;
}

/** The commit the builds came from, and whether the tree had changes. */
function gitRevision() {
  try {
    const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    return {
      commit: git('rev-parse', '--short', 'HEAD'),
      dirty: git('status', '--porcelain', '--', 'apps', 'packages') !== '',
    };
  } catch {
    return null;
  }
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`\nbench failed: ${error.stack ?? error.message}`);
} finally {
  log('cleaning up (services, limit servers, database, streams)');
  await stack.cleanup();
}
process.exit(code);

/**
 * BENCH_SQL_CONTRACTS: copies of the contracts the API created, written straight into
 * accounts.contracts (new ids, later created_at), so the admin list can be timed over
 * 100,000 rows without 45 minutes of API calls. They go out as no event: only the
 * list reads them. Every column but id and the timestamps is copied as it is.
 */
async function cloneContracts(databaseUrl, count) {
  const columns = (
    await stack.query(
      databaseUrl,
      "SELECT column_name FROM information_schema.columns WHERE table_schema = 'accounts' AND table_name = 'contracts' ORDER BY ordinal_position",
    )
  ).map((row) => row.column_name);
  const value = (column) =>
    column === 'id'
      ? 'gen_random_uuid()'
      : column === 'created_at' || column === 'updated_at'
        ? `c.${column} + g * interval '1 millisecond'`
        : `c.${column}`;
  const [{ n }] = await stack.query(
    databaseUrl,
    'SELECT count(*)::int AS n FROM accounts.contracts',
  );
  const rounds = Math.ceil(count / Math.max(1, n));
  await stack.query(
    databaseUrl,
    `INSERT INTO accounts.contracts (${columns.join(', ')})
     SELECT ${columns.map(value).join(', ')}
     FROM accounts.contracts c CROSS JOIN generate_series(1, ${rounds}) g
     LIMIT ${count}`,
  );
  await stack.query(databaseUrl, 'ANALYZE accounts.contracts');
}
