import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ADMIN_SCOPE } from '../common/admin-scope.js';
import { systemContext } from '../common/request-context.js';
import { AccountServiceConfig } from '../config/account-service.config.js';
import { SystemAccountsService } from './system-accounts.service.js';

/**
 * At start, makes sure the platform admin client (ADMIN_CLIENT_ID) exists with the
 * configured secret, so the first admin token can be had from the auth-server, and the admin
 * console client (ADMIN_CONSOLE_CLIENT_ID) people sign in with.
 */
@Injectable()
export class PlatformAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('PlatformAdminBootstrap');

  constructor(
    private readonly config: AccountServiceConfig,
    private readonly systemAccounts: SystemAccountsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const outcome = await this.systemAccounts.ensurePlatformAdmin(
      {
        clientId: this.config.ADMIN_CLIENT_ID,
        clientSecrets: this.config.adminClientSecrets(),
        audience: this.config.AUTH_AUDIENCE,
        scopes: [ADMIN_SCOPE],
      },
      systemContext('bootstrap', randomUUID()),
    );
    this.logger.log(
      { clientId: this.config.ADMIN_CLIENT_ID, outcome },
      'platform admin client checked',
    );
    const consoleOutcome = await this.systemAccounts.ensureAdminConsole(
      {
        clientId: this.config.ADMIN_CONSOLE_CLIENT_ID,
        redirectUris: this.config.ADMIN_CONSOLE_REDIRECT_URIS,
      },
      systemContext('bootstrap', randomUUID()),
    );
    this.logger.log(
      { clientId: this.config.ADMIN_CONSOLE_CLIENT_ID, outcome: consoleOutcome },
      'admin console client checked',
    );
  }
}
