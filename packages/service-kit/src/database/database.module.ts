import { type DynamicModule, Global, Injectable, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource, type DataSourceOptions, type EntityManager, type MixedList } from 'typeorm';
import { SnakeNamingStrategy } from 'typeorm-naming-strategies';
import {
  DEFAULT_STARTUP_TIMEOUT_MS,
  StartupFailure,
  untilStartupDeadline,
} from '../startup/startup-failure.js';

export interface DatabaseOptions {
  readonly url: string;
  /** The service's own Postgres schema; nobody else reads it. */
  readonly schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: MixedList<Function>;
  readonly poolSize?: number;
  /** How long start-up waits for PostgreSQL to answer (STARTUP_TIMEOUT_MS) before it gives up. */
  readonly startupTimeoutMs?: number;
  /**
   * Whether opening the data source applies pending migrations (the default), or only checks
   * there are none and refuses to go on otherwise (MIGRATE_ON_START=false: a migrations Job
   * runs them before the new version starts).
   */
  readonly migrate?: boolean;
}

/** TypeORM options every service shares: migrations at start, never `synchronize`, snake_case names. */
export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    // Run by openDataSource under a lock, so instances starting together do not collide.
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 3000,
      // A dead connection is noticed and replaced instead of failing requests forever.
      keepAlive: true,
    },
  };
}

/** Creates the service's schema before TypeORM looks for its migrations table there. */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replaceAll('"', '')}"`);
  } catch (error) {
    // IF NOT EXISTS is not atomic: an instance starting at the same moment may create it
    // between the check and the insert (unique_violation on pg_namespace, or duplicate_schema).
    const code = (error as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P06') {
      throw error;
    }
  } finally {
    await client.end();
  }
}

/** SQLSTATE classes 28 (authorization: wrong user or password) and 3D (no such database). */
function isRefusedByPostgres(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^(28|3D)/.test(code);
}

/**
 * Opens a data source on a migrated schema (used at start and by `migration:run`).
 * Migrations run under a session advisory lock keyed by the schema: a second
 * instance starting at the same moment waits, then finds nothing left to run.
 */
export async function openDataSource(options: DatabaseOptions): Promise<DataSource> {
  // Waits (a database starting beside us), but not forever: then one line naming DATABASE_URL.
  await untilStartupDeadline(
    'PostgreSQL',
    'DATABASE_URL',
    options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS,
    () => ensureSchema(options.url, options.schema),
    { isPermanent: isRefusedByPostgres },
  );
  const dataSource = await new DataSource(dataSourceOptions(options)).initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [
      `charter:migrations:${options.schema}`,
    ]);
    try {
      if (options.migrate === false) {
        if (await dataSource.showMigrations()) {
          throw new StartupFailure(
            `PostgreSQL schema ${options.schema}`,
            'MIGRATE_ON_START',
            `false, and the "${options.schema}" schema has migrations pending: run migration:run first (the migrations Job of infra/k8s)`,
          );
        }
      } else {
        await dataSource.runMigrations({ transaction: 'each' });
      }
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [
        `charter:migrations:${options.schema}`,
      ]);
    }
  } catch (error) {
    await runner.release();
    await dataSource.destroy();
    throw error;
  }
  await runner.release();
  return dataSource;
}

type CommitListener = () => void;

/** Runs a unit of work in one transaction; listeners learn of each commit (the outbox relay does). */
@Injectable()
export class TransactionRunner {
  private readonly listeners: CommitListener[] = [];

  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    for (const listener of this.listeners) {
      listener();
    }
    return result;
  }

  onCommit(listener: CommitListener): void {
    this.listeners.push(listener);
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions(options),
            // openDataSource waits for the database itself, up to its deadline; no retries on
            // top (each would log a stack trace and start the wait again).
            toRetry: () => false,
          }),
          dataSourceFactory: () => openDataSource(options),
        }),
      ],
      providers: [TransactionRunner],
      exports: [TransactionRunner],
    };
  }
}
