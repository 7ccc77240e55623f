import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/page.query.js';
import { IsDateTime, IsLaterThan } from '../../common/validators.js';

/** The aggregate types changes are recorded for (the events' `aggregate.type`). */
export const AUDIT_ENTITY_TYPES = [
  'content-api',
  'enterprise',
  'system-account',
  'contract',
  'user',
] as const;
export const AUDIT_SORTS = ['-at', 'at'] as const;

export class ListAuditEventsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AUDIT_ENTITY_TYPES })
  @IsOptional()
  @IsIn(AUDIT_ENTITY_TYPES)
  entityType?: (typeof AUDIT_ENTITY_TYPES)[number];

  @ApiPropertyOptional({ description: 'The changed entity’s id', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  entityId?: string;

  @ApiPropertyOptional({
    description:
      'Who made the change: a user id (a person), a client id (a machine admin), or `bootstrap`',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actorId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Changes concerning this enterprise (itself, its users, system accounts and contracts); an enterprise admin's list is always their own enterprise's",
  })
  @IsOptional()
  @IsUUID('all')
  enterpriseId?: string;

  @ApiPropertyOptional({ description: 'The event type, e.g. `ContractSuspended`', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Changes at or after this instant' })
  @IsOptional()
  @IsDateTime()
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Changes before this instant (exclusive)',
  })
  @IsOptional()
  @IsDateTime()
  @IsLaterThan('from')
  to?: string;

  @ApiPropertyOptional({
    enum: AUDIT_SORTS,
    default: '-at',
    description: 'Newest first unless `at`',
  })
  @IsOptional()
  @IsIn(AUDIT_SORTS)
  sort: (typeof AUDIT_SORTS)[number] = '-at';
}
