import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates `charter_test_<random>` next to the server's admin database; drop() removes it. */
export async function createTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `charter_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => dropTestDatabase(adminUrl, name),
  };
}

export async function dropTestDatabase(adminUrl: string, name: string): Promise<void> {
  if (!name.includes('test')) {
    throw new Error(`refusing to drop database "${name}": its name lacks "test"`);
  }
  await withAdmin(adminUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  );
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs one query against a test database (for asserting on rows). */
export async function queryDatabase<R extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  if (!new URL(url).pathname.includes('test')) {
    throw new Error('queryDatabase only reads test databases');
  }
  return withAdmin(url, async (client) => (await client.query<R>(sql, params)).rows);
}

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Holds a session-level PostgreSQL advisory lock, keyed as the services key theirs
 * (`hashtext(name)`), until release(): a test stands in for another instance holding it, for
 * example to keep an outbox relay from publishing while a service is crashed.
 */
export async function holdAdvisoryLock(url: string, name: string): Promise<HeldLock> {
  if (!new URL(url).pathname.includes('test')) {
    throw new Error('holdAdvisoryLock only locks in test databases');
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
  } catch (error) {
    await client.end();
    throw error;
  }
  return {
    release: async () => {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
      await client.end();
    },
  };
}
