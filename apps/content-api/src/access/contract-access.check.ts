import type { AccessStatusCheck, Principal } from '@charter/auth';
import { Clock } from '@charter/service-kit';
import { Injectable, Logger } from '@nestjs/common';
import { ContentApiConfig } from '../config/content-api.config.js';
import { AccessStateSync } from './access-state.sync.js';
import { AccessState } from './domain/access-state.js';
import { accessRefusal, describeRefusal, isUserToken } from './domain/contract-access.js';

/**
 * Every protected request: is the token revoked, and is its contract in force for this API right now?
 * Decided from this instance's in-memory access state (no database read), which its own
 * subscription keeps current; when that cannot be vouched for, the request is refused (503).
 */
@Injectable()
export class ContractAccessCheck implements AccessStatusCheck {
  private readonly logger = new Logger(ContractAccessCheck.name);

  constructor(
    private readonly state: AccessState,
    private readonly sync: AccessStateSync,
    private readonly config: ContentApiConfig,
    private readonly clock: Clock,
  ) {}

  check(principal: Principal): Promise<string | null> {
    this.sync.assertCurrent();
    const contract =
      principal.contractId === undefined ? undefined : this.state.contract(principal.contractId);
    const enterprise =
      contract === undefined ? undefined : this.state.enterprise(contract.enterpriseId);
    const refusal = accessRefusal({
      token: principal,
      contract,
      enterprise,
      user: isUserToken(principal) ? this.state.user(principal.subject) : undefined,
      audience: this.config.AUTH_AUDIENCE,
      now: this.clock.now(),
      revoked: this.state.isRevoked(principal.tokenId),
    });
    if (refusal === null) {
      return Promise.resolve(null);
    }
    this.logger.log(
      {
        refusal,
        contractId: principal.contractId,
        clientId: principal.clientId,
        userId: isUserToken(principal) ? principal.subject : undefined,
        jti: principal.tokenId,
      },
      'access refused',
    );
    return Promise.resolve(describeRefusal(refusal));
  }
}
