import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import {
  type Cursor,
  decodeCursor,
  type Page,
  parseSort,
  type SortKind,
  toPage,
} from './domain/page.js';

/** A sortable field of a list: the entity property and how its values are typed. */
export interface SortField {
  readonly property: string;
  readonly kind: SortKind;
}

export interface PageRequest<F extends string> {
  readonly sort: `${F}` | `-${F}`;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * One page of `qb` by keyset: ordered by the sort field then id (a total order, so
 * no row is skipped or repeated between pages even when values tie), starting after
 * the cursor's row. Each page is one index range scan, whatever its depth.
 */
export async function paginate<E extends ObjectLiteral & { id: string }, F extends string>(
  qb: SelectQueryBuilder<E>,
  fields: Readonly<Record<F, SortField>>,
  request: PageRequest<F>,
): Promise<Page<E>> {
  const alias = qb.alias;
  const sort = parseSort<F>(request.sort);
  const field = fields[sort.field];
  const column = `${alias}.${field.property}`;
  if (request.cursor !== undefined) {
    const cursor = decodeCursor(request.cursor, request.sort, field.kind); // throws InvalidCursor
    const comparison = sort.direction === 'ASC' ? '>' : '<';
    qb.andWhere(`(${column}, ${alias}.id) ${comparison} (:cursorValue, :cursorId)`, {
      cursorValue: cursor.value,
      cursorId: cursor.id,
    });
  }
  const rows = await qb
    .orderBy(column, sort.direction)
    .addOrderBy(`${alias}.id`, sort.direction)
    .limit(request.limit + 1)
    .getMany();
  return toPage(rows, request.limit, (last): Cursor => {
    const value: unknown = (last as Record<string, unknown>)[field.property];
    return {
      sort: request.sort,
      value: value instanceof Date ? value.toISOString() : String(value),
      id: last.id,
    };
  });
}
