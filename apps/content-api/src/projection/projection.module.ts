import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEventsConsumer } from './account-events.consumer.js';
import { AccountProjectionRepository } from './account-projection.repository.js';
import { ContractEntity } from './contract.entity.js';
import { EnterpriseEntity } from './enterprise.entity.js';
import { SystemAccountEntity } from './system-account.entity.js';
import { UserEntity } from './user.entity.js';

/** The contract, enterprise, user and system account projection, kept from the account service's events. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ContractEntity, EnterpriseEntity, UserEntity, SystemAccountEntity]),
  ],
  providers: [AccountProjectionRepository, AccountEventsConsumer],
  exports: [AccountProjectionRepository],
})
export class ProjectionModule {}
