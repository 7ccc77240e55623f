/** One page of a list: the items from `offset`, at most `limit`, and how many there are in all. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export interface PageRequest {
  readonly limit: number;
  readonly offset: number;
}

export function pageOf<T>(items: readonly T[], request: PageRequest): Page<T> {
  return {
    items: items.slice(request.offset, request.offset + request.limit),
    total: items.length,
    limit: request.limit,
    offset: request.offset,
  };
}
