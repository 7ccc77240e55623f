import { describe, expect, it } from 'vitest';
import {
  acceptsCsvFirst,
  usageCsv,
  usageIncrements,
  usageWindowProblem,
  type UsageRow,
} from './usage-window.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

describe('usageWindowProblem', () => {
  const at = (iso: string): Date => new Date(iso);

  it('accepts a window up to 10 080 buckets', () => {
    expect(
      usageWindowProblem({
        from: at('2026-12-01T00:00:00Z'),
        to: at('2026-12-08T00:00:00Z'),
        granularity: 'minute',
      }),
    ).toBeNull();
  });

  it('refuses an empty or reversed window, and one bucket too many', () => {
    const from = at('2026-12-01T00:00:00Z');
    expect(usageWindowProblem({ from, to: from, granularity: 'day' })).toEqual({
      parameter: 'to',
      detail: 'must be after from',
    });
    expect(
      usageWindowProblem({ from, to: at('2026-11-30T00:00:00Z'), granularity: 'day' }),
    ).toMatchObject({ parameter: 'to' });
    expect(
      usageWindowProblem({
        from,
        to: new Date(from.getTime() + 10_080 * 60_000 + 1),
        granularity: 'minute',
      }),
    ).toMatchObject({ parameter: 'to', detail: expect.stringContaining('coarser') });
  });
});

describe('usageIncrements', () => {
  it('merges a key named twice, normalises minutes to UTC and sorts by key', () => {
    const increments = usageIncrements('catalog-api', [
      {
        contractId: B,
        clientId: 'c',
        dataset: '',
        outcome: 'served',
        minute: '2026-12-07T12:00:00+02:00',
        count: 1,
      },
      {
        contractId: A,
        clientId: 'c',
        dataset: '',
        outcome: 'served',
        minute: '2026-12-07T10:00:00.000Z',
        count: 2,
      },
      {
        contractId: B,
        clientId: 'c',
        dataset: '',
        outcome: 'served',
        minute: '2026-12-07T10:00:00Z',
        count: 3,
      },
    ]);
    expect(increments).toEqual([
      {
        contractId: A,
        minute: '2026-12-07T10:00:00.000Z',
        api: 'catalog-api',
        dataset: '',
        clientId: 'c',
        outcome: 'served',
        count: 2,
      },
      {
        contractId: B,
        minute: '2026-12-07T10:00:00.000Z',
        api: 'catalog-api',
        dataset: '',
        clientId: 'c',
        outcome: 'served',
        count: 4,
      },
    ]);
  });
});

describe('acceptsCsvFirst', () => {
  it.each([
    [undefined, false],
    ['*/*', false],
    ['application/json', false],
    ['text/csv', true],
    ['text/csv, application/json', false],
    ['text/csv;q=1, application/json;q=0.9', true],
    ['text/csv;q=0.5, */*', false],
    ['TEXT/CSV', true],
    ['text/csv;q=nonsense', false],
  ])('%s → %s', (accept, csv) => {
    expect(acceptsCsvFirst(accept)).toBe(csv);
  });
});

describe('usageCsv', () => {
  const row: UsageRow = {
    start: '2026-12-07T10:00:00.000Z',
    contractId: A,
    api: 'catalog-api',
    dataset: 'ratings',
    clientId: 'portal',
    outcome: 'served',
    count: 3,
  };

  it('writes a header and CRLF lines, quoting commas and quotes', () => {
    expect(usageCsv([row, { ...row, clientId: 'a,"b"' }])).toBe(
      'start,contract_id,api,dataset,client_id,outcome,count\r\n' +
        `2026-12-07T10:00:00.000Z,${A},catalog-api,ratings,portal,served,3\r\n` +
        `2026-12-07T10:00:00.000Z,${A},catalog-api,ratings,"a,""b""",served,3\r\n`,
    );
  });

  it('defuses a field a spreadsheet would run as a formula', () => {
    const csv = usageCsv([
      { ...row, clientId: '=HYPERLINK("x")' },
      { ...row, clientId: '@sum' },
    ]);
    expect(csv).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(csv).toContain(",'@sum,");
  });
});
