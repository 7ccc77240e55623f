import { DomainError } from '@charter/service-kit';

export class InstrumentNotFound extends DomainError<'instrument_not_found'> {
  constructor(isin: string) {
    super('instrument_not_found', `No instrument ${isin.slice(0, 32)}.`);
  }
}
