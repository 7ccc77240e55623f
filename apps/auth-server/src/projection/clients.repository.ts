import { Injectable } from '@nestjs/common';
import { AccountStateSync } from './account-state.sync.js';
import type { ProjectedClient } from './entities/projected-client.entity.js';

/** Reads clients from the projection (a port, so unit tests pass an in-memory fake). */
export abstract class ClientsRepository {
  abstract findByClientId(clientId: string): Promise<ProjectedClient | null>;
}

/** From this instance's memory, kept current by events (AccountStateSync); no database read. */
@Injectable()
export class InMemoryClientsRepository implements ClientsRepository {
  constructor(private readonly sync: AccountStateSync) {}

  findByClientId(clientId: string): Promise<ProjectedClient | null> {
    return Promise.resolve(this.sync.current().client(clientId) ?? null);
  }
}
