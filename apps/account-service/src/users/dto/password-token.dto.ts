import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { PASSWORD_LENGTH } from '../domain/password-policy.js';
import {
  PASSWORD_TOKEN_PURPOSES,
  type PasswordToken,
  type PasswordTokenPurpose,
} from '../domain/password-token.js';

export class IssuePasswordTokenDto {
  @ApiProperty({
    enum: PASSWORD_TOKEN_PURPOSES,
    description: '`invitation` lasts 72 hours, `reset` 1 hour',
  })
  @IsIn(PASSWORD_TOKEN_PURPOSES)
  purpose!: PasswordTokenPurpose;
}

/** The answer to an issue: the only time the token is ever shown. */
export class IssuedPasswordTokenResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ enum: PASSWORD_TOKEN_PURPOSES })
  purpose!: PasswordTokenPurpose;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({
    description:
      'The one-time token, for `POST /v1/password-tokens/redeem`. Shown only in this response; older tokens of the user no longer work.',
    example: 'pt_Jm3k...',
  })
  token!: string;

  static withToken(token: PasswordToken, secret: string): IssuedPasswordTokenResponse {
    return Object.assign(new IssuedPasswordTokenResponse(), {
      id: token.id,
      userId: token.userId,
      purpose: token.purpose,
      createdAt: token.createdAt.toISOString(),
      expiresAt: token.expiresAt.toISOString(),
      token: secret,
    });
  }
}

export class RedeemPasswordTokenDto {
  @ApiProperty({ example: 'pt_Jm3k...', maxLength: 256 })
  @IsString()
  @MaxLength(256)
  token!: string;

  @ApiProperty({
    minLength: PASSWORD_LENGTH.min,
    maxLength: PASSWORD_LENGTH.max,
    description: `${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters, not the email address`,
  })
  @IsString()
  @MaxLength(4 * PASSWORD_LENGTH.max)
  password!: string;
}
