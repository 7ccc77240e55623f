import {
  type AcceptancePolicy,
  type AccessStatusCheck,
  describeRefusal,
  isUserToken,
  type Principal,
  tokenRefusal,
} from '@charter/auth';
import { Clock, ProblemException } from '@charter/service-kit';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  RESOURCE_SERVER_SETTINGS,
  type ResourceServerSettings,
} from '../resource-server.options.js';
import { AccessStateSync } from './access-state.sync.js';
import { AccessState } from './domain/access-state.js';
import { EnforcementOutcomes } from './enforcement-outcomes.js';

/**
 * Every protected request: @charter/auth's one acceptance rule (revocation, client, credential,
 * user, contract, enterprise), with a contract required. Decided from this instance's in-memory
 * access state (no database read), which its own subscription keeps current; when that cannot
 * be vouched for, the request is refused (503). @charter/auth's token strategy calls it as the
 * ACCESS_STATUS_CHECK, after the signature and claims.
 */
@Injectable()
export class ContractAccessCheck implements AccessStatusCheck {
  private readonly logger = new Logger(ContractAccessCheck.name);

  constructor(
    private readonly state: AccessState,
    private readonly sync: AccessStateSync,
    @Inject(RESOURCE_SERVER_SETTINGS) private readonly settings: ResourceServerSettings,
    private readonly clock: Clock,
    private readonly outcomes: EnforcementOutcomes,
  ) {}

  check(principal: Principal): Promise<string | null> {
    try {
      this.sync.assertCurrent();
    } catch (error) {
      if (error instanceof ProblemException) {
        this.outcomes.record('access_state_unavailable', principal);
      }
      throw error;
    }
    const policy: AcceptancePolicy = {
      audience: this.settings.audience,
      now: this.clock.now(),
      contracts: 'required',
    };
    const refusal = tokenRefusal(principal, this.state, policy);
    if (refusal === null) {
      return Promise.resolve(null);
    }
    this.outcomes.record(refusal, principal);
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
