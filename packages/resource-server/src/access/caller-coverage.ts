import type { Principal } from '@charter/auth';
import { Injectable } from '@nestjs/common';
import { AccessState } from './domain/access-state.js';
import { ALL_DATASETS, type Coverage, coverageOf } from './domain/coverage.js';

/**
 * Which datasets the caller's contract covers, from the in-memory access state (no database
 * read; the token need not carry them). A token without contract (an individual user's, the
 * only kind the access check lets through without one) sees all of the data.
 */
@Injectable()
export class CallerCoverage {
  constructor(private readonly state: AccessState) {}

  of(caller: Principal): Coverage {
    if (caller.contractId === undefined) {
      return ALL_DATASETS;
    }
    return coverageOf(this.state.contract(caller.contractId)?.datasets ?? []);
  }
}
