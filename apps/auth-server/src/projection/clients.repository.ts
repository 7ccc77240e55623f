import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProjectedClient } from './entities/projected-client.entity.js';

/** Reads clients from the projection (a port, so unit tests pass an in-memory fake). */
export abstract class ClientsRepository {
  abstract findByClientId(clientId: string): Promise<ProjectedClient | null>;
}

@Injectable()
export class TypeOrmClientsRepository implements ClientsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByClientId(clientId: string): Promise<ProjectedClient | null> {
    return this.dataSource.getRepository(ProjectedClient).findOneBy({ clientId });
  }
}
