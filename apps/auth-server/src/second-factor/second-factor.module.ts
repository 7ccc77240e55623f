import { Global, Module } from '@nestjs/common';
import { AuthServerConfig } from '../config/auth-server.config.js';
import { KeyEncryption } from '../keys/key-encryption.js';
import {
  SecondFactorsRepository,
  SqlSecondFactorsRepository,
} from './second-factors.repository.js';
import { SECOND_FACTOR_ENCRYPTION, SecondFactors } from './second-factors.service.js';

/** Users' second factors (TOTP, recovery codes), kept in the auth schema: sign-in owns them. */
@Global()
@Module({
  providers: [
    { provide: SecondFactorsRepository, useClass: SqlSecondFactorsRepository },
    {
      provide: SECOND_FACTOR_ENCRYPTION,
      inject: [AuthServerConfig],
      useFactory: (config: AuthServerConfig) => new KeyEncryption(config.keysEncryptionKeys()),
    },
    SecondFactors,
  ],
  exports: [SecondFactors],
})
export class SecondFactorModule {}
