import { Injectable } from '@nestjs/common';
import { findInstrument, selectInstruments } from './domain/select-instruments.js';
import { InstrumentListResponse, InstrumentResponse } from './dto/instrument.response.js';
import type { ListInstrumentsQuery } from './dto/list-instruments.query.js';
import { InstrumentNotFound } from './instrument.errors.js';

/** Instrument reference data: one dataset, so the route's @Datasets() decides coverage. */
@Injectable()
export class InstrumentsService {
  list(query: ListInstrumentsQuery): InstrumentListResponse {
    return InstrumentListResponse.from(selectInstruments(query));
  }

  get(isin: string): InstrumentResponse {
    const instrument = findInstrument(isin);
    if (instrument === undefined) {
      throw new InstrumentNotFound(isin);
    }
    return InstrumentResponse.from(instrument);
  }
}
