import { ApiProperty } from '@nestjs/swagger';
import type { Enterprise, EnterpriseStatus } from '../domain/enterprise.js';

export class EnterpriseResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Acme Media Oy' })
  name!: string;

  @ApiProperty({ example: '1234567-8' })
  businessId!: string;

  @ApiProperty({ enum: ['active', 'suspended', 'closed'], example: 'active' })
  status!: EnterpriseStatus;

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
      version: enterprise.version,
      createdAt: enterprise.createdAt.toISOString(),
      updatedAt: enterprise.updatedAt.toISOString(),
    });
  }
}

export class EnterpriseListResponse {
  @ApiProperty({ type: () => [EnterpriseResponse] })
  items!: EnterpriseResponse[];

  static from(enterprises: readonly Enterprise[]): EnterpriseListResponse {
    return Object.assign(new EnterpriseListResponse(), {
      items: enterprises.map((enterprise) => EnterpriseResponse.from(enterprise)),
    });
  }
}
