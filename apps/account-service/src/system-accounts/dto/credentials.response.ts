import { ApiProperty } from '@nestjs/swagger';
import type { SystemAccount } from '../domain/system-account.js';
import { CredentialResponse } from './system-account.response.js';

/** A system account's client secrets, without the secrets (and without their hashes). */
export class CredentialListResponse {
  @ApiProperty({ format: 'uuid' })
  systemAccountId!: string;

  @ApiProperty({ description: "The system account's version", example: 3 })
  version!: number;

  @ApiProperty({ type: () => [CredentialResponse] })
  items!: CredentialResponse[];

  static from(account: SystemAccount): CredentialListResponse {
    return Object.assign(new CredentialListResponse(), {
      systemAccountId: account.id,
      version: account.version,
      items: account.secrets.map((secret) => CredentialResponse.from(secret)),
    });
  }
}

/** The answer to a rotation: the only time the new client secret is ever shown. */
export class RotatedCredentialResponse extends CredentialListResponse {
  @ApiProperty({ description: 'The OAuth client_id', example: 'sa_3q2-7wEjR9mO0Zp1cX4yVw' })
  clientId!: string;

  @ApiProperty({ type: () => CredentialResponse, description: 'The new credential' })
  credential!: CredentialResponse;

  @ApiProperty({
    description: 'The new client secret. Shown only in this response; store it now.',
    example: 'cs_Jm3k...',
  })
  clientSecret!: string;

  static withSecret(
    account: SystemAccount,
    credentialId: string,
    clientSecret: string,
  ): RotatedCredentialResponse {
    const list = CredentialListResponse.from(account);
    const credential = list.items.find((item) => item.id === credentialId);
    if (!credential) {
      throw new Error(`credential ${credentialId} is not on account ${account.id}`);
    }
    return Object.assign(new RotatedCredentialResponse(), list, {
      clientId: account.clientId,
      credential,
      clientSecret,
    });
  }
}
