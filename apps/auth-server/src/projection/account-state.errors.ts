import { ProblemException } from '@charter/service-kit';

/**
 * The in-memory account state cannot be vouched for (neither events nor a read of the
 * projection within ACCOUNT_STATE_MAX_STALENESS_MS): nothing is decided from it. The OAuth
 * endpoints answer 503 `temporarily_unavailable` (OAuthErrorFilter); REST routes (userinfo)
 * this 503 problem; both with Retry-After.
 */
export class AccountStateUnavailable extends ProblemException {
  constructor() {
    super({
      status: 503,
      code: 'account_state_unavailable',
      title: 'Account state unavailable',
      detail:
        'Whether this client or user is still in good standing cannot be confirmed right now; try again shortly.',
      headers: { 'retry-after': '1' },
    });
    this.name = 'AccountStateUnavailable';
  }
}
