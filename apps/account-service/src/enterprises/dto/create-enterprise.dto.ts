import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Omittable } from '@charter/service-kit';
import { IsMetadata, IsNotBlank } from '../../common/validators.js';
import { ENTERPRISE_LIMITS } from '../domain/enterprise.js';
import { ContactDto } from './contact.dto.js';

export const METADATA_LIMITS = {
  keys: ENTERPRISE_LIMITS.metadataKeys,
  keyLength: ENTERPRISE_LIMITS.metadataKeyLength,
  valueLength: ENTERPRISE_LIMITS.metadataValueLength,
} as const;

export const METADATA_SCHEMA = {
  type: 'object',
  additionalProperties: { type: 'string', maxLength: ENTERPRISE_LIMITS.metadataValueLength },
  maxProperties: ENTERPRISE_LIMITS.metadataKeys,
  example: { crmId: 'C-1042' },
  description: `At most ${ENTERPRISE_LIMITS.metadataKeys} string values under keys of 1 to ${ENTERPRISE_LIMITS.metadataKeyLength} characters (A-Z a-z 0-9 _ . : -); never interpreted`,
} as const;

export class CreateEnterpriseDto {
  @ApiProperty({ example: 'Acme Media Oy', maxLength: 200 })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    description: 'The business registry id (company or VAT number); unique, compared exactly',
    example: '1234567-8',
    maxLength: 64,
    pattern: '^[A-Za-z0-9][A-Za-z0-9 ./-]*$',
  })
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, {
    message: 'must start with a letter or digit and hold only letters, digits, space, ., / and -',
  })
  businessId!: string;

  @ApiPropertyOptional({ type: () => [ContactDto], maxItems: ENTERPRISE_LIMITS.contacts })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(ENTERPRISE_LIMITS.contacts)
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[];

  @ApiPropertyOptional(METADATA_SCHEMA)
  @Omittable()
  @IsMetadata(METADATA_LIMITS)
  metadata?: Record<string, string>;
}
