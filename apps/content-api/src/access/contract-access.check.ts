import {
  type AcceptancePolicy,
  type AccessStatusCheck,
  describeRefusal,
  isUserToken,
  type Principal,
  tokenRefusal,
} from '@charter/auth';
import { Clock } from '@charter/service-kit';
import { Injectable, Logger } from '@nestjs/common';
import { ContentApiConfig } from '../config/content-api.config.js';
import { AccessStateSync } from './access-state.sync.js';
import { AccessState } from './domain/access-state.js';

/**
 * Every protected request: @charter/auth's one acceptance rule (revocation, client, credential,
 * user, contract, enterprise), with a contract required. Decided from this instance's in-memory
 * access state (no database read), which its own subscription keeps current; when that cannot
 * be vouched for, the request is refused (503).
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
    const policy: AcceptancePolicy = {
      audience: this.config.AUTH_AUDIENCE,
      now: this.clock.now(),
      contracts: 'required',
    };
    const refusal = tokenRefusal(principal, this.state, policy);
    if (refusal === null) {
      return Promise.resolve(null);
    }
    this.logger.log(
      {
        refusal,
        contractId: principal.contractId,
        clientId: principal.clientId,
        credentialId: principal.credentialId,
        userId: isUserToken(principal) ? principal.subject : undefined,
        jti: principal.tokenId,
      },
      'access refused',
    );
    return Promise.resolve(describeRefusal(refusal));
  }
}
