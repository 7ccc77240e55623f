import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, InvalidCursor, parseSort, toPage } from './page.js';

const ID = '0b0f7b52-7d4e-4a8e-9b43-1e2f3a4b5c6d';
const AT = '2025-06-01T12:00:00.000Z';

describe('pages', () => {
  it('read the sort parameter', () => {
    expect(parseSort('createdAt')).toEqual({ field: 'createdAt', direction: 'ASC' });
    expect(parseSort('-name')).toEqual({ field: 'name', direction: 'DESC' });
  });

  it('round-trip a cursor as base64url', () => {
    const raw = encodeCursor({ sort: '-createdAt', value: AT, id: ID });
    expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(raw, '-createdAt', 'timestamp')).toEqual({
      sort: '-createdAt',
      value: AT,
      id: ID,
    });
  });

  it.each([
    ['garbage', 'not-base64-json!', '-createdAt'],
    ['another shape', Buffer.from('{"a":1}').toString('base64url'), '-createdAt'],
    ['another sort', encodeCursor({ sort: 'createdAt', value: AT, id: ID }), '-createdAt'],
    ['a bad id', encodeCursor({ sort: 'createdAt', value: AT, id: 'x' }), 'createdAt'],
    ['a bad timestamp', encodeCursor({ sort: 'createdAt', value: 'x', id: ID }), 'createdAt'],
  ])('refuse %s', (_name, raw, sort) => {
    expect(() => decodeCursor(raw, sort, 'timestamp')).toThrow(InvalidCursor);
  });

  it('cut limit + 1 rows to a page with the next cursor at its last row', () => {
    const rows = [1, 2, 3].map((n) => ({ n, id: ID }));
    const cursorOf = (row: { n: number; id: string }) => ({
      sort: 'n',
      value: String(row.n),
      id: row.id,
    });
    const page = toPage(rows, 2, cursorOf);
    expect(page.items).toEqual(rows.slice(0, 2));
    expect(decodeCursor(page.nextCursor!, 'n', 'text').value).toBe('2');
    expect(toPage(rows, 3, cursorOf)).toEqual({ items: rows, nextCursor: null });
  });
});
