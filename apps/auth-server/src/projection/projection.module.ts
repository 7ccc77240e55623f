import { Global, Module } from '@nestjs/common';
import { AccountEventsConsumer } from './account-events.consumer.js';
import { AccountState } from './account-state.js';
import { AccountStateSync } from './account-state.sync.js';
import { ClientsRepository, InMemoryClientsRepository } from './clients.repository.js';
import { ContentApisRepository, InMemoryContentApisRepository } from './content-apis.repository.js';
import { ContractsRepository, InMemoryContractsRepository } from './contracts.repository.js';
import { EnterprisesRepository, InMemoryEnterprisesRepository } from './enterprises.repository.js';
import { ProjectionSnapshotRepository } from './projection-snapshot.repository.js';
import { InMemoryUsersRepository, UsersRepository } from './users.repository.js';

/**
 * The local projection of account data: the durable consumer that writes it to PostgreSQL once
 * per event, this instance's in-memory copy kept by its own subscription, and the repositories
 * that read that copy.
 */
@Global()
@Module({
  providers: [
    AccountEventsConsumer,
    ProjectionSnapshotRepository,
    { provide: AccountState, useFactory: () => new AccountState() },
    AccountStateSync,
    { provide: ClientsRepository, useClass: InMemoryClientsRepository },
    { provide: ContractsRepository, useClass: InMemoryContractsRepository },
    { provide: EnterprisesRepository, useClass: InMemoryEnterprisesRepository },
    { provide: ContentApisRepository, useClass: InMemoryContentApisRepository },
    { provide: UsersRepository, useClass: InMemoryUsersRepository },
  ],
  exports: [
    AccountStateSync,
    ClientsRepository,
    ContractsRepository,
    EnterprisesRepository,
    ContentApisRepository,
    UsersRepository,
  ],
})
export class ProjectionModule {}
