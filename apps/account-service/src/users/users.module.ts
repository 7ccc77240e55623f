import { Module } from '@nestjs/common';
import { EnterprisesModule } from '../enterprises/enterprises.module.js';
import { SystemAccountsModule } from '../system-accounts/system-accounts.module.js';
import { PasswordHasher } from './password-hasher.js';
import { PasswordTokensController } from './password-tokens.controller.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Module({
  // SystemAccountsModule for SecretHasher: password tokens are keyed hashes like client secrets.
  imports: [EnterprisesModule, SystemAccountsModule],
  controllers: [UsersController, PasswordTokensController],
  providers: [UsersService, UsersRepository, PasswordHasher],
  exports: [UsersRepository],
})
export class UsersModule {}
