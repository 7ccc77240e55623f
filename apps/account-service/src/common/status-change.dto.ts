import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsNotBlank } from './validators.js';

/** The longest reason a status change keeps (characters); it goes to the audit row as given. */
export const REASON_MAX_LENGTH = 500;

/** Validates a member only when it was sent; unlike @IsOptional, `null` is validated (and refused). */
const isPresent = (_dto: object, value: unknown): boolean => value !== undefined;

/**
 * The body of a status change (`POST /v1/contracts/:id/suspend`, …): none, `{}`, or a reason the
 * audit log keeps with the change. Any other member is refused as unknown.
 */
export class StatusChangeDto {
  @ApiPropertyOptional({
    maxLength: REASON_MAX_LENGTH,
    example: 'Invoice 2026-114 unpaid for 60 days',
    description: 'Why; kept in the audit log (`reason`)',
  })
  @ValidateIf(isPresent)
  @IsString()
  @IsNotBlank()
  @MaxLength(REASON_MAX_LENGTH)
  reason?: string;
}
