import { Global, Module } from '@nestjs/common';
import { AccountEventsConsumer } from './account-events.consumer.js';
import { ClientsRepository, TypeOrmClientsRepository } from './clients.repository.js';
import { ContentApisRepository, TypeOrmContentApisRepository } from './content-apis.repository.js';
import { ContractsRepository, TypeOrmContractsRepository } from './contracts.repository.js';
import { EnterprisesRepository, TypeOrmEnterprisesRepository } from './enterprises.repository.js';
import { TypeOrmUsersRepository, UsersRepository } from './users.repository.js';

/** The local projection of account data: the consumer that writes it and the repositories that read it. */
@Global()
@Module({
  providers: [
    AccountEventsConsumer,
    { provide: ClientsRepository, useClass: TypeOrmClientsRepository },
    { provide: ContractsRepository, useClass: TypeOrmContractsRepository },
    { provide: EnterprisesRepository, useClass: TypeOrmEnterprisesRepository },
    { provide: ContentApisRepository, useClass: TypeOrmContentApisRepository },
    { provide: UsersRepository, useClass: TypeOrmUsersRepository },
  ],
  exports: [
    ClientsRepository,
    ContractsRepository,
    EnterprisesRepository,
    ContentApisRepository,
    UsersRepository,
  ],
})
export class ProjectionModule {}
