import type { UsageCount } from '@charter/events';

/**
 * The rules of a usage read, pure: which window and granularity a caller may ask for, how a
 * batch's counts become rows (merged, in one lock order), and the CSV rendering.
 */

export const USAGE_GRANULARITIES = ['minute', 'hour', 'day'] as const;
export type UsageGranularity = (typeof USAGE_GRANULARITIES)[number];

/** At most this many buckets per read (a week of minutes, more than a year of hours). */
export const MAX_USAGE_BUCKETS = 10_080;

const BUCKET_MS: Readonly<Record<UsageGranularity, number>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

export interface UsageWindow {
  readonly from: Date;
  readonly to: Date;
  readonly granularity: UsageGranularity;
}

/** Why a window is refused: the query parameter at fault and what is wrong with it. */
export interface UsageWindowProblem {
  readonly parameter: 'from' | 'to';
  readonly detail: string;
}

/** `[from, to)`, `from` before `to`, and at most MAX_USAGE_BUCKETS buckets of `granularity`. */
export function usageWindowProblem(window: UsageWindow): UsageWindowProblem | null {
  const span = window.to.getTime() - window.from.getTime();
  if (span <= 0) {
    return { parameter: 'to', detail: 'must be after from' };
  }
  if (span > MAX_USAGE_BUCKETS * BUCKET_MS[window.granularity]) {
    return {
      parameter: 'to',
      detail: `must be at most ${MAX_USAGE_BUCKETS} ${window.granularity}s after from; use a coarser granularity`,
    };
  }
  return null;
}

/** A row of `usage_minutes` to add to. */
export interface UsageIncrement {
  readonly contractId: string;
  readonly minute: string;
  readonly api: string;
  readonly dataset: string;
  readonly clientId: string;
  readonly outcome: string;
  readonly count: number;
}

/**
 * A batch's counts as increments: one per key (a batch naming a key twice adds both, in one row:
 * one upsert cannot touch a row twice), minutes normalised to UTC, sorted by key so that two
 * batches upserting the same rows at once lock them in the same order (no deadlock).
 */
export function usageIncrements(api: string, counts: readonly UsageCount[]): UsageIncrement[] {
  const merged = new Map<string, UsageIncrement>();
  for (const count of counts) {
    const minute = new Date(count.minute).toISOString();
    const key = [count.contractId, minute, api, count.dataset, count.clientId, count.outcome].join(
      '\n',
    );
    const previous = merged.get(key);
    merged.set(key, {
      contractId: count.contractId,
      minute,
      api,
      dataset: count.dataset,
      clientId: count.clientId,
      outcome: count.outcome,
      count: (previous?.count ?? 0) + count.count,
    });
  }
  return [...merged.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, increment]) => increment);
}

/** One bucket of a usage read. */
export interface UsageRow {
  readonly start: string;
  readonly contractId: string;
  readonly api: string;
  readonly dataset: string;
  readonly clientId: string;
  readonly outcome: string;
  readonly count: number;
}

export const USAGE_CSV_COLUMNS = [
  'start',
  'contract_id',
  'api',
  'dataset',
  'client_id',
  'outcome',
  'count',
] as const;

/**
 * RFC 4180: CRLF line ends, a field quoted when it holds a comma, quote or line break (quotes
 * doubled). A field a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR first) is
 * prefixed with `'` (OWASP CSV injection), so a billing export cannot run anything.
 */
export function usageCsv(rows: readonly UsageRow[]): string {
  const lines = [USAGE_CSV_COLUMNS.join(',')];
  for (const row of rows) {
    lines.push(
      [
        row.start,
        row.contractId,
        row.api,
        row.dataset,
        row.clientId,
        row.outcome,
        String(row.count),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * Whether the `Accept` header asks for CSV rather than JSON (RFC 9110 §12.5.1): the media range
 * with the higher `q` wins, JSON on a tie or when neither is named (`*\/*`, no header).
 */
export function acceptsCsvFirst(accept: string | undefined): boolean {
  if (accept === undefined) {
    return false;
  }
  let csv = 0;
  let json = 0;
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const qParam = params.find((param) => param.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    const weight = Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0;
    if (type === 'text/csv') {
      csv = Math.max(csv, weight);
    } else if (type === 'application/json' || type === 'application/*' || type === '*/*') {
      json = Math.max(json, weight);
    }
  }
  return csv > json;
}
