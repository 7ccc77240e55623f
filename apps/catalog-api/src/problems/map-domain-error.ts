import { type DomainError, genericProblem, type Problem } from '@charter/service-kit';
import type { InstrumentNotFound } from '../instruments/instrument.errors.js';

/** Every domain error code of this app. */
export type CatalogErrorCode = InstrumentNotFound['code'];

/** The app's one mapping of domain errors to RFC 9457 problems; a new code fails to compile until mapped. */
export function mapDomainError(error: DomainError): Problem {
  const code = error.code as CatalogErrorCode;
  switch (code) {
    case 'instrument_not_found':
      return { status: 404, code, title: 'Instrument not found', detail: error.message };
    default:
      return assertNever(code, error);
  }
}

/** An unmapped code is a bug: answer 500 rather than guess a status. */
function assertNever(_code: never, _error: DomainError): Problem {
  return genericProblem(500);
}
