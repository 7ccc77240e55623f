import { Module } from '@nestjs/common';
import { ContractsModule } from '../contracts/contracts.module.js';
import { EnterprisesModule } from '../enterprises/enterprises.module.js';
import { UsageController } from './usage.controller.js';
import { UsageEventsConsumer } from './usage-events.consumer.js';
import { UsageRepository } from './usage.repository.js';
import { UsageService } from './usage.service.js';

/** Usage metering's receiving end: the content APIs' batches kept exactly once, and read back. */
@Module({
  imports: [ContractsModule, EnterprisesModule],
  controllers: [UsageController],
  providers: [UsageRepository, UsageService, UsageEventsConsumer],
  exports: [UsageEventsConsumer],
})
export class UsageModule {}
