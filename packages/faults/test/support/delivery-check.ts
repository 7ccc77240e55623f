import { queryDatabase, readStream } from '@charter/testing';
import type { EventBus, Stack } from './stack.js';

/**
 * The projections an aggregate type reaches: `schema.table` rows keyed by the
 * aggregate id with its version. (The account service's own table is the source.)
 */
const AGGREGATES = {
  enterprise: {
    source: 'accounts.enterprises',
    projections: ['auth.enterprises', 'content.enterprises'],
  },
  contract: { source: 'accounts.contracts', projections: ['auth.contracts', 'content.contracts'] },
  'system-account': { source: 'accounts.system_accounts', projections: ['auth.clients'] },
  'content-api': { source: 'accounts.content_apis', projections: ['auth.content_apis'] },
} as const;
export type AggregateType = keyof typeof AGGREGATES;
const PROJECTION_TABLES = [
  ...new Set(Object.values(AGGREGATES).flatMap((aggregate) => aggregate.projections)),
];

/**
 * Test-side instrumentation, not app code: a trigger on every projection table
 * records each row the consumers write (table, id, version) in `faults.applied`,
 * inside the consumer's own transaction. A rolled-back apply leaves no record; an
 * event applied twice leaves two. Install after the services have migrated.
 */
export async function installApplyLog(stack: Stack<EventBus>): Promise<void> {
  await queryDatabase(
    stack.pg.url,
    `CREATE SCHEMA IF NOT EXISTS faults;
     CREATE TABLE IF NOT EXISTS faults.applied (seq bigserial PRIMARY KEY, tbl text NOT NULL, id uuid NOT NULL, version integer NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
     CREATE OR REPLACE FUNCTION faults.log_apply() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO faults.applied (tbl, id, version) VALUES (TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, NEW.id, NEW.version);
       RETURN NEW;
     END $$;`,
  );
  for (const table of PROJECTION_TABLES) {
    const name = `log_apply_${table.replace('.', '_')}`;
    await queryDatabase(
      stack.pg.url,
      `DROP TRIGGER IF EXISTS ${name} ON ${table}; CREATE TRIGGER ${name} AFTER INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION faults.log_apply()`,
    );
  }
}

/** How many projection writes the log holds (all tables). */
export async function appliedCount(stack: Stack<EventBus>, table?: string): Promise<number> {
  const [row] = await queryDatabase<{ n: string }>(
    stack.pg.url,
    `SELECT count(*) AS n FROM faults.applied${table ? ' WHERE tbl = $1' : ''}`,
    table ? [table] : [],
  );
  return Number(row?.n ?? 0);
}

export interface DeliveryCounts {
  /** Aggregate versions written by the account service (= events that must exist). */
  written: number;
  /** Messages in the ACCOUNTS stream for those aggregates. */
  delivered: number;
  /** Stream messages beyond the first for one aggregate version (Nats-Msg-Id de-duplication failed). */
  streamDuplicates: number;
  /** Outbox rows never marked published. */
  unpublished: number;
  /** Projection writes recorded by the trigger, per table. */
  applied: Record<string, number>;
  /** Projection writes of an (id, version) already written. */
  appliedTwice: number;
  /** Projection writes of a version lower than one already written for the same row. */
  outOfOrder: number;
  /** Projection rows missing or at another version than the source. */
  mismatched: string[];
}

/**
 * Compares the source rows, the stream and the projections for the given
 * aggregates. Every source version must be in the stream once, and every
 * projection row must be at the source's version; the apply log shows no
 * version written twice or after a newer one.
 */
export async function deliveryCounts(
  stack: Stack<EventBus>,
  types: readonly AggregateType[],
  ids?: ReadonlySet<string>,
): Promise<DeliveryCounts> {
  const events = await readStream(
    stack.nats.url,
    stack.namespace,
    'ACCOUNTS',
    stack.nats.readerCredentials,
  );
  const perVersion = new Map<string, number>();
  for (const event of events) {
    const aggregate = event.payload.aggregate as { type: string; id: string; version: number };
    const key = `${aggregate.type}/${aggregate.id}/${aggregate.version}`;
    perVersion.set(key, (perVersion.get(key) ?? 0) + 1);
  }
  const counts: DeliveryCounts = {
    written: 0,
    delivered: 0,
    streamDuplicates: 0,
    unpublished: 0,
    applied: {},
    appliedTwice: 0,
    outOfOrder: 0,
    mismatched: [],
  };
  const [outbox] = await queryDatabase<{ n: string }>(
    stack.pg.url,
    'SELECT count(*) AS n FROM accounts.outbox WHERE published_at IS NULL',
  );
  counts.unpublished = Number(outbox?.n ?? 0);

  for (const type of types) {
    const { source, projections } = AGGREGATES[type];
    const rows = (
      await queryDatabase<{ id: string; version: number }>(
        stack.pg.url,
        `SELECT id, version FROM ${source}`,
      )
    ).filter((row) => !ids || ids.has(row.id));
    for (const row of rows) {
      for (let version = 1; version <= row.version; version += 1) {
        counts.written += 1;
        const copies = perVersion.get(`${type}/${row.id}/${version}`) ?? 0;
        counts.delivered += copies;
        counts.streamDuplicates += Math.max(0, copies - 1);
        if (copies === 0) {
          counts.mismatched.push(`${type} ${row.id} v${version} is not in the stream`);
        }
      }
    }
    for (const table of projections) {
      const projected = new Map(
        (
          await queryDatabase<{ id: string; version: number }>(
            stack.pg.url,
            `SELECT id, version FROM ${table}`,
          )
        ).map((row) => [row.id, row.version]),
      );
      for (const row of rows) {
        if (projected.get(row.id) !== row.version) {
          counts.mismatched.push(
            `${table} ${row.id}: v${projected.get(row.id) ?? 'none'}, source v${row.version}`,
          );
        }
      }
      const log = (
        await queryDatabase<{ id: string; version: number }>(
          stack.pg.url,
          'SELECT id, version FROM faults.applied WHERE tbl = $1 ORDER BY seq',
          [table],
        )
      ).filter((entry) => !ids || ids.has(entry.id));
      counts.applied[table] = log.length;
      const highest = new Map<string, number>();
      const seen = new Set<string>();
      for (const entry of log) {
        const key = `${entry.id}/${entry.version}`;
        if (seen.has(key)) {
          counts.appliedTwice += 1;
        }
        seen.add(key);
        if (entry.version < (highest.get(entry.id) ?? 0)) {
          counts.outOfOrder += 1;
        }
        highest.set(entry.id, Math.max(entry.version, highest.get(entry.id) ?? 0));
      }
    }
  }
  return counts;
}

/** One line per check, as the issue asks each fault test to state its counts. */
export function report(
  title: string,
  counts: DeliveryCounts,
  extra: Record<string, unknown> = {},
): void {
  const applied = Object.entries(counts.applied)
    .map(([table, n]) => `${table}=${n}`)
    .join(' ');
  const extras = Object.entries(extra)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join('\n  ');
  process.stdout.write(
    `\n[faults] ${title}\n  events written: ${counts.written}, delivered (stream): ${counts.delivered}, stream duplicates: ${counts.streamDuplicates}, unpublished: ${counts.unpublished}\n` +
      `  applied: ${applied}\n  applied twice: ${counts.appliedTwice}, out of order: ${counts.outOfOrder}, mismatched rows: ${counts.mismatched.length}${extras ? `\n  ${extras}` : ''}\n`,
  );
}
