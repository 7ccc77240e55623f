import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Omittable } from '@charter/service-kit';
import { IsNotBlank } from '../../common/validators.js';
import { ROTATION_OVERLAP_SECONDS } from '../domain/system-account.js';

/** The longest credential label (characters). */
export const CREDENTIAL_LABEL_MAX_LENGTH = 100;

export class RotateCredentialsDto {
  @ApiPropertyOptional({
    minimum: ROTATION_OVERLAP_SECONDS.min,
    maximum: ROTATION_OVERLAP_SECONDS.max,
    default: ROTATION_OVERLAP_SECONDS.default,
    description:
      'How long the secrets in use now keep working, in seconds (0: they stop at once; at most 30 days)',
  })
  @Omittable()
  @IsInt()
  @Min(ROTATION_OVERLAP_SECONDS.min)
  @Max(ROTATION_OVERLAP_SECONDS.max)
  overlapSeconds?: number;

  @ApiPropertyOptional({
    maxLength: CREDENTIAL_LABEL_MAX_LENGTH,
    example: 'CI pipeline, 2026-Q3',
    description: 'A name for the new credential, shown in credential lists (never secret)',
  })
  @Omittable()
  @IsString()
  @IsNotBlank()
  @MaxLength(CREDENTIAL_LABEL_MAX_LENGTH)
  label?: string;
}
