import { describe, expect, it } from 'vitest';
import { chunk, UsageTally } from './usage-tally.js';

const CONTRACT = '3f1c2a64-5f1d-4a43-9c55-0d2f3f1b2a10';
const AT = Date.parse('2026-03-04T05:06:07.890Z');

describe('UsageTally', () => {
  it('counts by minute, contract, client, dataset and outcome, and drains to empty', () => {
    const tally = new UsageTally(100);
    tally.add(CONTRACT, 'portal', 'instruments', 'served', AT);
    tally.add(CONTRACT, 'portal', 'instruments', 'served', AT + 30_000);
    tally.add(CONTRACT, 'portal', 'instruments', 'served', AT + 60_000);
    tally.add(CONTRACT, 'portal', 'instruments', 'rate_limited', AT);
    tally.add(CONTRACT, 'other', '', 'served', AT);

    const { counts, dropped } = tally.drain();

    expect(dropped).toBe(0);
    expect(counts).toEqual(
      expect.arrayContaining([
        {
          contractId: CONTRACT,
          clientId: 'portal',
          dataset: 'instruments',
          outcome: 'served',
          minute: '2026-03-04T05:06:00.000Z',
          count: 2,
        },
        expect.objectContaining({ minute: '2026-03-04T05:07:00.000Z', count: 1 }),
        expect.objectContaining({ outcome: 'rate_limited', count: 1 }),
        expect.objectContaining({ clientId: 'other', dataset: '', count: 1 }),
      ]),
    );
    expect(counts).toHaveLength(4);
    expect(tally.size).toBe(0);
    expect(tally.drain().counts).toEqual([]);
  });

  it('holds at most maxKeys distinct keys, counting the rest as dropped, but still counts known keys', () => {
    const tally = new UsageTally(2);
    tally.add(CONTRACT, 'a', '', 'served', AT);
    tally.add(CONTRACT, 'b', '', 'served', AT);
    tally.add(CONTRACT, 'c', '', 'served', AT);
    tally.add(CONTRACT, 'd', '', 'served', AT);
    tally.add(CONTRACT, 'a', '', 'served', AT);

    const { counts, dropped } = tally.drain();

    expect(dropped).toBe(2);
    expect(counts.map((c) => [c.clientId, c.count])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(tally.drain().dropped).toBe(0);
  });

  it('chunks a flush into batches of a bounded size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 2)).toEqual([]);
  });
});
