import { Injectable } from '@nestjs/common';
import { ContractNotFound } from '../contracts/contract.errors.js';
import { ContractsRepository } from '../contracts/contracts.repository.js';
import { EnterpriseNotFound } from '../enterprises/enterprise.errors.js';
import { EnterprisesRepository } from '../enterprises/enterprises.repository.js';
import { AccountError } from '../errors/account-error.js';
import { type UsageWindow, usageWindowProblem } from './domain/usage-window.js';
import type { UsageQuery } from './dto/usage.query.js';
import { UsageResponse } from './dto/usage.response.js';
import { type UsageOwner, UsageRepository } from './usage.repository.js';

/** Rows one read may return: beyond, the caller narrows the window or coarsens the granularity. */
const MAX_USAGE_ROWS = 50_000;

/** Reads of the usage kept from the content APIs' batches. */
@Injectable()
export class UsageService {
  constructor(
    private readonly usage: UsageRepository,
    private readonly contracts: ContractsRepository,
    private readonly enterprises: EnterprisesRepository,
  ) {}

  async ofContract(id: string, query: UsageQuery): Promise<UsageResponse> {
    if ((await this.contracts.findById(id)) === null) {
      throw new ContractNotFound(id);
    }
    return this.read({ contractId: id }, query);
  }

  async ofEnterprise(id: string, query: UsageQuery): Promise<UsageResponse> {
    if ((await this.enterprises.findById(id)) === null) {
      throw new EnterpriseNotFound(id);
    }
    return this.read({ enterpriseId: id }, query);
  }

  private async read(owner: UsageOwner, query: UsageQuery): Promise<UsageResponse> {
    const window: UsageWindow = {
      from: new Date(query.from),
      to: new Date(query.to),
      granularity: query.granularity,
    };
    const problem = usageWindowProblem(window);
    if (problem !== null) {
      throw new AccountError('validation_failed', `${problem.parameter} ${problem.detail}.`, [
        { pointer: `/${problem.parameter}`, detail: problem.detail },
      ]);
    }
    const rows = await this.usage.series(owner, window, MAX_USAGE_ROWS + 1);
    if (rows.length > MAX_USAGE_ROWS) {
      throw new AccountError(
        'validation_failed',
        `The window holds more than ${MAX_USAGE_ROWS} rows; narrow it or use a coarser granularity.`,
        [{ pointer: '/to', detail: 'window too large for one read' }],
      );
    }
    return UsageResponse.from(owner, window, rows);
  }
}
