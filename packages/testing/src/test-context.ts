import { resolveInfrastructure } from './infrastructure.js';
import { createTestDatabase } from './test-database.js';
import { createTestNamespace } from './test-namespace.js';

/** One test file's own database and event namespace, on the shared PostgreSQL and NATS. */
export interface TestContext {
  readonly databaseUrl: string;
  readonly natsUrl: string;
  readonly namespace: string;
  /** The shared variables every service reads, pointing at this context. */
  readonly env: Readonly<Record<string, string>>;
  cleanup(): Promise<void>;
}

export async function createTestContext(): Promise<TestContext> {
  const infrastructure = await resolveInfrastructure();
  const database = await createTestDatabase(infrastructure.databaseUrl);
  const namespace = createTestNamespace(infrastructure.natsUrl);
  return {
    databaseUrl: database.url,
    natsUrl: infrastructure.natsUrl,
    namespace: namespace.prefix,
    env: {
      DATABASE_URL: database.url,
      NATS_URL: infrastructure.natsUrl,
      EVENTS_NAMESPACE: namespace.prefix,
      LOG_LEVEL: 'warn',
      // Set per test file by the test setup: in-process services log there, not to the output.
      ...(process.env.CHARTER_TEST_LOG_FILE === undefined
        ? {}
        : { LOG_FILE: process.env.CHARTER_TEST_LOG_FILE }),
    },
    async cleanup() {
      await Promise.allSettled([database.drop(), namespace.cleanup()]);
    },
  };
}
