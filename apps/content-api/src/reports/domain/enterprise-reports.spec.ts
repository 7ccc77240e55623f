import { describe, expect, it } from 'vitest';
import { mayReadReportsOf, reportsOf, selectReports } from './enterprise-reports.js';

const ACME = '6c1f0a3e-1d2b-4c3d-8e4f-5a6b7c8d9e0f';
const GLOBEX = '0b7d9f2a-3c4e-4f5a-9b6c-7d8e9f0a1b2c';

describe('reportsOf', () => {
  it('gives the same statements for the same enterprise on every call', () => {
    expect(reportsOf(ACME)).toEqual(reportsOf(ACME));
  });

  it('gives each enterprise its own figures, all naming that enterprise', () => {
    const acme = reportsOf(ACME);
    const globex = reportsOf(GLOBEX);
    expect(acme.every((report) => report.enterpriseId === ACME)).toBe(true);
    expect(acme.map((report) => report.apiCalls)).not.toEqual(
      globex.map((report) => report.apiCalls),
    );
  });

  it('lists six months, newest first', () => {
    expect(reportsOf(ACME).map((report) => report.period)).toEqual([
      '2025-06',
      '2025-05',
      '2025-04',
      '2025-03',
      '2025-02',
      '2025-01',
    ]);
  });
});

describe('mayReadReportsOf', () => {
  it('lets an enterprise read its own reports (any letter case of the same id)', () => {
    expect(mayReadReportsOf(ACME, ACME)).toBe(true);
    expect(mayReadReportsOf(ACME, ACME.toUpperCase())).toBe(true);
  });

  it("refuses another enterprise's id, an unknown id, and a caller without enterprise", () => {
    expect(mayReadReportsOf(ACME, GLOBEX)).toBe(false);
    expect(mayReadReportsOf(ACME, 'not-an-id')).toBe(false);
    expect(mayReadReportsOf(undefined, ACME)).toBe(false);
  });
});

describe('selectReports', () => {
  it('pages the statements', () => {
    const page = selectReports(ACME, { limit: 2, offset: 4 });
    expect(page.items.map((report) => report.period)).toEqual(['2025-02', '2025-01']);
    expect(page.total).toBe(6);
  });
});
