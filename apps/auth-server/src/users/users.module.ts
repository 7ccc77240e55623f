import { Global, Module } from '@nestjs/common';
import { LoginLockout } from './login-lockout.js';
import {
  LoginThrottleRepository,
  SqlLoginThrottleRepository,
} from './login-throttle.repository.js';
import { Argon2PasswordVerifier, PasswordVerifier } from './password-verifier.js';

/**
 * What checking a user's password needs beyond the projection: verification (argon2id)
 * and the one lock-out shared by the login form and the password grant.
 */
@Global()
@Module({
  providers: [
    { provide: PasswordVerifier, useClass: Argon2PasswordVerifier },
    { provide: LoginThrottleRepository, useClass: SqlLoginThrottleRepository },
    LoginLockout,
  ],
  exports: [PasswordVerifier, LoginThrottleRepository, LoginLockout],
})
export class UsersModule {}
