import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProjectedClient } from './entities/projected-client.entity.js';
import { ProjectedContentApi } from './entities/projected-content-api.entity.js';
import { ProjectedContract } from './entities/projected-contract.entity.js';
import { ProjectedEnterprise } from './entities/projected-enterprise.entity.js';
import { ProjectedUser } from './entities/projected-user.entity.js';

export interface ProjectionSnapshot {
  readonly clients: ProjectedClient[];
  readonly enterprises: ProjectedEnterprise[];
  readonly contracts: ProjectedContract[];
  readonly contentApis: ProjectedContentApi[];
  readonly users: ProjectedUser[];
}

/** The whole projection, as each instance loads it at start and re-reads it while events are away. */
@Injectable()
export class ProjectionSnapshotRepository {
  constructor(private readonly dataSource: DataSource) {}

  async read(): Promise<ProjectionSnapshot> {
    const [clients, enterprises, contracts, contentApis, users] = await Promise.all([
      this.dataSource.getRepository(ProjectedClient).find(),
      this.dataSource.getRepository(ProjectedEnterprise).find(),
      this.dataSource.getRepository(ProjectedContract).find(),
      this.dataSource.getRepository(ProjectedContentApi).find(),
      this.dataSource.getRepository(ProjectedUser).find(),
    ]);
    return { clients, enterprises, contracts, contentApis, users };
  }
}
