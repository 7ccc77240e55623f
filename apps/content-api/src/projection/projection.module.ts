import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEventsConsumer } from './account-events.consumer.js';
import { AccountProjectionRepository } from './account-projection.repository.js';
import { ContractEntity } from './contract.entity.js';
import { EnterpriseEntity } from './enterprise.entity.js';

/** The contract and enterprise projection, kept from the account service's events. */
@Module({
  imports: [TypeOrmModule.forFeature([ContractEntity, EnterpriseEntity])],
  providers: [AccountProjectionRepository, AccountEventsConsumer],
  exports: [AccountProjectionRepository],
})
export class ProjectionModule {}
