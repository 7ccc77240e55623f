import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { CONTRACT_STATUSES, type ContractStatus } from '../domain/contract.js';

export class ListContractsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the contracts of this enterprise' })
  @IsOptional()
  @IsUUID('all')
  enterpriseId?: string;

  @ApiPropertyOptional({ enum: CONTRACT_STATUSES, description: 'Only contracts in this status' })
  @IsOptional()
  @IsIn(CONTRACT_STATUSES)
  status?: ContractStatus;
}
