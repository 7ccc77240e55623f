import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestContext, freePort, type TestContext } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningAuthServer, startAuthServer } from './support/auth-server.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const MIGRATE = fileURLToPath(new URL('../dist/database/migrate.js', import.meta.url));
const run = promisify(execFile);

/**
 * MIGRATE_ON_START=false (production on Kubernetes, where a Job runs `migration:run` before the
 * new version rolls out): the server applies no migration and exits while one is pending; the
 * Job's command migrates; then the server starts.
 */
describe('MIGRATE_ON_START=false', () => {
  let ctx: TestContext;
  let server: RunningAuthServer | undefined;

  beforeAll(async () => {
    ctx = await createTestContext();
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('exits on an unmigrated schema naming the variable, and starts after migration:run', async () => {
    const env = {
      ...process.env,
      ...ctx.env,
      // The process's own output is what the test reads, not the test file's log.
      LOG_FILE: '',
      MIGRATE_ON_START: 'false',
      PORT: String(await freePort()),
    };
    const refused = await run(process.execPath, [MAIN], { env, timeout: 90_000 }).then(
      () => null,
      (error: { code?: number; stdout?: string; stderr?: string }) => error,
    );
    expect(refused?.code).not.toBe(0);
    expect(`${refused?.stdout ?? ''}${refused?.stderr ?? ''}`).toContain(
      // One JSON line: the schema's quotes come escaped.
      '(MIGRATE_ON_START): false, and the \\"auth\\" schema has migrations pending: run migration:run first',
    );

    const migrated = await run(process.execPath, [MIGRATE], { env, timeout: 90_000 });
    expect(migrated.stdout).toContain('auth-server: migrations are up to date');

    server = await startAuthServer(ctx, { MIGRATE_ON_START: 'false' });
    expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
  }, 180_000);
});
