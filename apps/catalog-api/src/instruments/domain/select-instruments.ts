import { type Page, type PageRequest, pageOf } from '../../common/domain/page.js';
import { INSTRUMENTS, type Instrument, type InstrumentKind } from './instruments.data.js';

/** The page of instruments, by ISIN, of the kind asked for (all kinds when none). */
export function selectInstruments(
  request: PageRequest & { readonly kind?: InstrumentKind },
): Page<Instrument> {
  const matching = INSTRUMENTS.filter(
    (instrument) => request.kind === undefined || instrument.kind === request.kind,
  ).sort((a, b) => (a.isin < b.isin ? -1 : a.isin > b.isin ? 1 : 0));
  return pageOf(matching, request);
}

/** One instrument by ISIN; undefined for any other string (the ISIN is compared exactly). */
export function findInstrument(isin: string): Instrument | undefined {
  return INSTRUMENTS.find((instrument) => instrument.isin === isin);
}
