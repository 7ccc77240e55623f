import { ApiProperty } from '@nestjs/swagger';
import type { Page } from '../../common/domain/page.js';
import {
  ENTERPRISE_STATUSES,
  type Enterprise,
  type EnterpriseStatus,
} from '../domain/enterprise.js';
import { ContactResponse } from './contact.dto.js';

export class EnterpriseResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Acme Media Oy' })
  name!: string;

  @ApiProperty({ example: '1234567-8' })
  businessId!: string;

  @ApiProperty({ enum: ENTERPRISE_STATUSES, example: 'active' })
  status!: EnterpriseStatus;

  @ApiProperty({ type: () => [ContactResponse] })
  contacts!: ContactResponse[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { crmId: 'C-1042' },
  })
  metadata!: Record<string, string>;

  @ApiProperty({ description: 'Starts at 1, +1 on every change', example: 1 })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(enterprise: Enterprise): EnterpriseResponse {
    return Object.assign(new EnterpriseResponse(), {
      id: enterprise.id,
      name: enterprise.name,
      businessId: enterprise.businessId,
      status: enterprise.status,
      contacts: enterprise.contacts.map((contact) =>
        Object.assign(new ContactResponse(), {
          name: contact.name,
          email: contact.email,
          phone: contact.phone,
          role: contact.role,
        }),
      ),
      metadata: { ...enterprise.metadata },
      version: enterprise.version,
      createdAt: enterprise.createdAt.toISOString(),
      updatedAt: enterprise.updatedAt.toISOString(),
    });
  }
}

export class EnterpriseListResponse {
  @ApiProperty({ type: () => [EnterpriseResponse] })
  items!: EnterpriseResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor!: string | null;

  static from(page: Page<Enterprise>): EnterpriseListResponse {
    return Object.assign(new EnterpriseListResponse(), {
      items: page.items.map((enterprise) => EnterpriseResponse.from(enterprise)),
      nextCursor: page.nextCursor,
    });
  }
}
