import { Global, Module } from '@nestjs/common';
import { Argon2PasswordVerifier, PasswordVerifier } from './password-verifier.js';

/** What logging a user in needs beyond the projection: password verification (argon2id). */
@Global()
@Module({
  providers: [{ provide: PasswordVerifier, useClass: Argon2PasswordVerifier }],
  exports: [PasswordVerifier],
})
export class UsersModule {}
