import { Global, Module } from '@nestjs/common';
import { AuthServerConfig } from '../config/auth-server.config.js';
import { KeyEncryption } from './key-encryption.js';
import { KEY_ENCRYPTION, SigningKeys } from './signing-keys.service.js';
import { SigningKeysRepository } from './signing-keys.repository.js';
import { TokenSigner } from './token-signer.js';

@Global()
@Module({
  providers: [
    {
      provide: KEY_ENCRYPTION,
      useFactory: (config: AuthServerConfig) => new KeyEncryption(config.keysEncryptionKeys()),
      inject: [AuthServerConfig],
    },
    SigningKeysRepository,
    SigningKeys,
    { provide: TokenSigner, useExisting: SigningKeys },
  ],
  exports: [SigningKeys, TokenSigner],
})
export class KeysModule {}
