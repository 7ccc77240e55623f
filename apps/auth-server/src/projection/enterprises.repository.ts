import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProjectedEnterprise } from './entities/projected-enterprise.entity.js';

/** Reads enterprises from the projection (a port, so unit tests pass an in-memory fake). */
export abstract class EnterprisesRepository {
  abstract findById(id: string): Promise<ProjectedEnterprise | null>;
}

@Injectable()
export class TypeOrmEnterprisesRepository implements EnterprisesRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string): Promise<ProjectedEnterprise | null> {
    return this.dataSource.getRepository(ProjectedEnterprise).findOneBy({ id });
  }
}
