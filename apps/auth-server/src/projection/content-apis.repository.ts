import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProjectedContentApi } from './entities/projected-content-api.entity.js';

/** Reads content APIs from the projection (for discovery's scopes_supported). */
export abstract class ContentApisRepository {
  abstract findAll(): Promise<ProjectedContentApi[]>;
}

@Injectable()
export class TypeOrmContentApisRepository implements ContentApisRepository {
  constructor(private readonly dataSource: DataSource) {}

  findAll(): Promise<ProjectedContentApi[]> {
    return this.dataSource
      .getRepository(ProjectedContentApi)
      .find({ order: { resourceIndicator: 'ASC' } });
  }
}
