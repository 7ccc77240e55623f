import { Module } from '@nestjs/common';
import { ContentApisModule } from '../content-apis/content-apis.module.js';
import { EnterprisesModule } from '../enterprises/enterprises.module.js';
import { ContractsController } from './contracts.controller.js';
import { ContractsRepository } from './contracts.repository.js';
import { ContractsService } from './contracts.service.js';

@Module({
  imports: [EnterprisesModule, ContentApisModule],
  controllers: [ContractsController],
  providers: [ContractsService, ContractsRepository],
  exports: [ContractsRepository],
})
export class ContractsModule {}
