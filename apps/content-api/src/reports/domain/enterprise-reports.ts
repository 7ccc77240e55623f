import { type Page, pageOf, type PageRequest } from '../../common/domain/page.js';

/** A monthly usage statement the provider prepares for one enterprise. */
export interface EnterpriseReport {
  readonly id: string;
  readonly enterpriseId: string;
  /** `YYYY-MM`. */
  readonly period: string;
  readonly title: string;
  readonly apiCalls: number;
  readonly instrumentsCovered: number;
}

const PERIODS = [
  ['2025-06', 'June 2025'],
  ['2025-05', 'May 2025'],
  ['2025-04', 'April 2025'],
  ['2025-03', 'March 2025'],
  ['2025-02', 'February 2025'],
  ['2025-01', 'January 2025'],
] as const;

/** FNV-1a: a stable number per text, so an enterprise's figures are the same on every call. */
function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The enterprise's statements, newest first; derived from its id, so no storage is needed. */
export function reportsOf(enterpriseId: string): readonly EnterpriseReport[] {
  return PERIODS.map(([period, label]) => {
    const seed = stableHash(`${enterpriseId}/${period}`);
    return {
      id: `rpt-${period}`,
      enterpriseId,
      period,
      title: `Usage statement, ${label}`,
      apiCalls: 10_000 + (seed % 90_000),
      instrumentsCovered: 20 + (seed % 180),
    };
  });
}

/** An enterprise reads its own reports only; any other id, known or not, gets the same answer. */
export function mayReadReportsOf(
  callerEnterpriseId: string | undefined,
  requested: string,
): boolean {
  return (
    callerEnterpriseId !== undefined && callerEnterpriseId.toLowerCase() === requested.toLowerCase()
  );
}

export function selectReports(enterpriseId: string, request: PageRequest): Page<EnterpriseReport> {
  return pageOf(reportsOf(enterpriseId), request);
}
