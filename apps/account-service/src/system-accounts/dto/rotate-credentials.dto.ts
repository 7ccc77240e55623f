import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { Omittable } from '@charter/service-kit';
import { ROTATION_OVERLAP_SECONDS } from '../domain/system-account.js';

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
}
