import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProjectedContract } from './entities/projected-contract.entity.js';

/** Reads contracts from the projection (a port, so unit tests pass an in-memory fake). */
export abstract class ContractsRepository {
  /** Every contract of the enterprise, whatever its status (the grant tells "not in force" from "unknown"). */
  abstract findByEnterprise(enterpriseId: string): Promise<ProjectedContract[]>;
}

@Injectable()
export class TypeOrmContractsRepository implements ContractsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByEnterprise(enterpriseId: string): Promise<ProjectedContract[]> {
    return this.dataSource
      .getRepository(ProjectedContract)
      .find({ where: { enterpriseId }, order: { id: 'ASC' } });
  }
}
