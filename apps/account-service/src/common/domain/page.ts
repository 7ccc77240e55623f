import { AccountError } from '../../errors/account-error.js';

/** Page sizes a list accepts; 50 unless asked. */
export const PAGE_LIMIT = { min: 1, max: 200, default: 50 } as const;

export type SortDirection = 'ASC' | 'DESC';

/** How a sort key's values are typed, so a cursor can be checked before it reaches a query. */
export type SortKind = 'timestamp' | 'text';

/** `createdAt` ascending, `-createdAt` descending. */
export interface Sort<F extends string = string> {
  readonly field: F;
  readonly direction: SortDirection;
}

export function parseSort<F extends string>(value: `${F}` | `-${F}`): Sort<F> {
  return value.startsWith('-')
    ? { field: value.slice(1) as F, direction: 'DESC' }
    : { field: value as F, direction: 'ASC' };
}

/** Where the next page starts: after the row with this sort value and id (keyset pagination). */
export interface Cursor {
  /** The `sort` parameter the cursor was made for (`-createdAt`); another sort cannot use it. */
  readonly sort: string;
  readonly value: string;
  readonly id: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
}

export class InvalidCursor extends AccountError {
  constructor(reason: string) {
    super('invalid_cursor', `The cursor is not usable here: ${reason}. Start again without one.`, [
      { pointer: '/cursor', detail: reason },
    ]);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Opaque to clients: base64url of JSON `[sort, value, id]`. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.id]), 'utf8').toString(
    'base64url',
  );
}

/**
 * Reads a cursor made for `sort`, whose value is of `kind`. Throws InvalidCursor for
 * anything else, so a tampered cursor is a 400, never a failed query.
 */
export function decodeCursor(raw: string, sort: string, kind: SortKind): Cursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor('not a cursor of this API');
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 3 ||
    !decoded.every((member) => typeof member === 'string')
  ) {
    throw new InvalidCursor('not a cursor of this API');
  }
  const [cursorSort, value, id] = decoded as [string, string, string];
  if (cursorSort !== sort) {
    throw new InvalidCursor(`made for sort=${cursorSort}`);
  }
  const valueFits =
    kind === 'timestamp'
      ? ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))
      : value.length <= 1000;
  if (!UUID.test(id) || !valueFits) {
    throw new InvalidCursor('not a cursor of this API');
  }
  return { sort, value, id };
}

/**
 * Cuts `rows` (fetched with limit + 1) to a page: when there is one more row than
 * asked, the page's last row makes the next cursor.
 */
export function toPage<T>(
  rows: readonly T[],
  limit: number,
  cursorOf: (last: T) => Cursor,
): Page<T> {
  if (rows.length <= limit) {
    return { items: rows, nextCursor: null };
  }
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(cursorOf(items[items.length - 1]!)) };
}
