import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  insufficientScope,
  insufficientUserAuthentication,
  invalidToken,
  type Principal,
} from '@charter/auth';
import { Clock, IS_PUBLIC_KEY, ProblemException } from '@charter/service-kit';
import { ContentApiNotFound } from '../content-apis/content-api.errors.js';
import { BeyondContract } from '../system-accounts/system-account.errors.js';
import { ContractNotFound } from '../contracts/contract.errors.js';
import { ContractsRepository } from '../contracts/contracts.repository.js';
import { EnterpriseNotFound } from '../enterprises/enterprise.errors.js';
import { SystemAccountNotFound } from '../system-accounts/system-account.errors.js';
import { SystemAccountsRepository } from '../system-accounts/system-accounts.repository.js';
import { UserNotFound } from '../users/user.errors.js';
import { UsersRepository } from '../users/users.repository.js';
import { AccountAccessFacts } from './account-access-facts.js';
import {
  type Caller,
  canSee,
  decideCaller,
  type EnterpriseScope,
  listEnterpriseFilter,
  mayCallRoute,
  mayCreateSystemAccount,
  mayCreateUser,
} from './domain/access-policy.js';
import { SECOND_FACTOR_ACR, secondFactorMissing } from './domain/second-factor-policy.js';
import { ENTERPRISE_SCOPE_KEY } from './enterprise-admins.decorator.js';
import { AccountServiceConfig } from '../config/account-service.config.js';

/** GET and HEAD read; every other method may write (a platform auditor's limit). */
const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

type Resource = (EnterpriseScope & { via: 'path' })['resource'];
type EnterpriseAdmin = Caller & { readonly kind: 'enterprise-admin' };

/** The request as this guard reads and annotates it. */
export interface AccessRequest {
  readonly method: string;
  readonly user?: Principal;
  caller?: Caller;
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly query: Record<string, unknown>;
  readonly body?: unknown;
}

/**
 * Runs after the token guard: decides who the caller is (domain/access-policy.ts)
 * and whether the route and its target are theirs. A target of another enterprise
 * answers the resource's own 404, like a missing one, so nothing tells them apart.
 * Leaves the caller on the request (`request.caller`) for the change context.
 */
@Injectable()
export class AccountsAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly users: UsersRepository,
    private readonly contracts: ContractsRepository,
    private readonly systemAccounts: SystemAccountsRepository,
    private readonly facts: AccountAccessFacts,
    private readonly clock: Clock,
    private readonly config: AccountServiceConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<AccessRequest>();
    const principal = request.user;
    if (!principal) {
      // The token guard runs first; a route reaching here without a principal is a bug.
      throw new Error('AccountsAccessGuard ran without an authenticated principal');
    }
    // The rows the token check read for this request (AccountAccessFacts keeps them per principal).
    const facts = await this.facts.gather(principal, this.clock.now());
    const decision = decideCaller(principal, facts.userRow, facts.account);
    if ('refused' in decision) {
      switch (decision.refused) {
        case 'invalid_token':
          throw invalidToken(decision.reason);
        case 'insufficient_scope':
          throw insufficientScope(decision.scopes);
        case 'forbidden':
          throw forbidden(decision.reason);
      }
    }
    const { caller } = decision;
    // Issue 16: an admin person's token must come from a sign-in with a second factor
    // (RFC 9470 step-up: the client asks again with acr_values).
    if (
      facts.userRow !== null &&
      secondFactorMissing(facts.userRow.roles, this.config.MFA_REQUIRED_ROLES, principal.amr)
    ) {
      throw insufficientUserAuthentication('this account must sign in with a second factor', [
        SECOND_FACTOR_ACR,
      ]);
    }
    request.caller = caller;
    const scope = this.reflector.get<EnterpriseScope | undefined>(
      ENTERPRISE_SCOPE_KEY,
      context.getHandler(),
    );
    if (!mayCallRoute(caller, scope, !READ_METHODS.has(request.method))) {
      throw forbidden(
        caller.kind === 'platform-auditor'
          ? 'platform auditors read only'
          : 'this operation is for platform admins only',
      );
    }
    // Platform admins and auditors see every enterprise.
    if (caller.kind !== 'enterprise-admin' || scope === undefined) {
      return true;
    }
    await this.checkTarget(caller, scope, request);
    return true;
  }

  private async checkTarget(
    caller: EnterpriseAdmin,
    scope: EnterpriseScope,
    request: AccessRequest,
  ): Promise<void> {
    switch (scope.via) {
      case 'list': {
        const requested = request.query.enterpriseId;
        const filter = listEnterpriseFilter(
          caller,
          typeof requested === 'string' ? requested : undefined,
        );
        if (filter === null) {
          throw new EnterpriseNotFound(String(requested));
        }
        // Read by the query DTO, which runs after this guard.
        request.query.enterpriseId = filter.enterpriseId;
        return;
      }
      case 'create-user': {
        const body = (request.body ?? {}) as { kind?: unknown; enterpriseId?: unknown };
        switch (mayCreateUser(caller, body)) {
          case 'allowed':
            return;
          case 'forbidden':
            throw forbidden('enterprise admins create enterprise users only');
          case 'enterprise_not_found':
            throw new EnterpriseNotFound(String(body.enterpriseId), '/enterpriseId');
        }
        return;
      }
      case 'create-system-account': {
        const body = (request.body ?? {}) as {
          enterpriseId?: unknown;
          resourceServerFor?: unknown;
        };
        const inForce = await this.contracts.hasContractInForce(
          caller.enterpriseId,
          this.clock.now(),
        );
        switch (mayCreateSystemAccount(caller, body, inForce)) {
          case 'allowed':
            return;
          case 'enterprise_not_found':
            throw new EnterpriseNotFound(String(body.enterpriseId), '/enterpriseId');
          case 'beyond_contract':
            throw new BeyondContract('/resourceServerFor', 'a content API stands for no contract');
          case 'no_contract_in_force':
            throw new BeyondContract('/enterpriseId', 'the enterprise holds no contract in force');
        }
        return;
      }
      case 'path': {
        const id = request.params.id ?? '';
        if (!canSee(caller, await this.ownerOf(scope.resource, id, caller))) {
          throw notFound(scope.resource, id);
        }
        return;
      }
    }
  }

  /**
   * The enterprise a resource belongs to (null: none), or undefined when it does not exist. A
   * content API belongs to no one: it counts as the caller's when a contract of theirs covers it.
   */
  private async ownerOf(
    resource: Resource,
    id: string,
    caller: EnterpriseAdmin,
  ): Promise<string | null | undefined> {
    switch (resource) {
      case 'content-api':
        return (await this.contracts.coversContentApi(caller.enterpriseId, id))
          ? caller.enterpriseId
          : undefined;
      case 'enterprise':
        return id;
      case 'user':
        return (await this.users.findById(id))?.enterpriseId;
      case 'contract':
        return (await this.contracts.findById(id))?.enterpriseId;
      case 'system-account':
        return (await this.systemAccounts.findById(id))?.enterpriseId;
    }
  }
}

function notFound(resource: Resource, id: string): Error {
  switch (resource) {
    case 'content-api':
      return new ContentApiNotFound(id);
    case 'enterprise':
      return new EnterpriseNotFound(id);
    case 'user':
      return new UserNotFound(id);
    case 'contract':
      return new ContractNotFound(id);
    case 'system-account':
      return new SystemAccountNotFound(id);
  }
}

function forbidden(detail: string): ProblemException {
  return new ProblemException({ status: 403, code: 'forbidden', title: 'Forbidden', detail });
}
