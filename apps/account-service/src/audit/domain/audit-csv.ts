/**
 * The audit trail as CSV (RFC 4180): one header line, one line per entry, CRLF line ends, every
 * field quoted. A cell a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
 * carriage return: OWASP "CSV injection") is prefixed with a single quote, so an email or a
 * reason an attacker chose stays text. Pure: no framework.
 */

export interface AuditCsvRow {
  readonly id: string;
  readonly at: Date;
  readonly actorType: string;
  readonly actorId: string;
  readonly actorEmail: string | null;
  readonly clientId: string | null;
  readonly sourceAddress: string | null;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly enterpriseId: string | null;
  readonly reason: string | null;
  readonly requestId: string | null;
  readonly correlationId: string;
}

export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'actorType',
  'actorId',
  'actorEmail',
  'clientId',
  'sourceAddress',
  'action',
  'entityType',
  'entityId',
  'enterpriseId',
  'reason',
  'requestId',
  'correlationId',
] as const satisfies ReadonlyArray<keyof AuditCsvRow>;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, quoted, with quotes doubled and a formula start neutralised. */
export function csvField(value: string | null): string {
  const text = value ?? '';
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function auditCsvHeader(): string {
  return AUDIT_CSV_COLUMNS.map((column) => csvField(column)).join(',') + '\r\n';
}

export function auditCsvLine(row: AuditCsvRow): string {
  return (
    AUDIT_CSV_COLUMNS.map((column) => {
      const value = row[column];
      return csvField(value instanceof Date ? value.toISOString() : value);
    }).join(',') + '\r\n'
  );
}

/**
 * Whether an `Accept` header prefers CSV to JSON (RFC 9110 §12.5.1): the highest-weighted of
 * `text/csv` and `application/json` wins, ties and wildcards go to JSON (the default).
 */
export function prefersCsv(accept: string | undefined): boolean {
  if (accept === undefined) {
    return false;
  }
  let csv = 0;
  let json = 0;
  for (const range of accept.split(',')) {
    const [type = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    const q = weight(parameters);
    if (type === 'text/csv') {
      csv = Math.max(csv, q);
    } else if (type === 'application/json' || type === 'application/*' || type === '*/*') {
      json = Math.max(json, q);
    }
  }
  return csv > 0 && csv > json;
}

function weight(parameters: readonly string[]): number {
  const q = parameters.find((parameter) => parameter.startsWith('q='));
  if (q === undefined) {
    return 1;
  }
  const value = Number(q.slice(2));
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : 0;
}
