import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEventsConsumer } from './account-events.consumer.js';
import { AccountProjectionRepository } from './account-projection.repository.js';
import { ContractEntity } from './contract.entity.js';
import { EnterpriseEntity } from './enterprise.entity.js';
import { UserEntity } from './user.entity.js';

/** The contract, enterprise and user projection, kept from the account service's events. */
@Module({
  imports: [TypeOrmModule.forFeature([ContractEntity, EnterpriseEntity, UserEntity])],
  providers: [AccountProjectionRepository, AccountEventsConsumer],
  exports: [AccountProjectionRepository],
})
export class ProjectionModule {}
