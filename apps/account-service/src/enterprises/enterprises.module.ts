import { Module } from '@nestjs/common';
import { EnterprisesController } from './enterprises.controller.js';
import { EnterprisesRepository } from './enterprises.repository.js';
import { EnterprisesService } from './enterprises.service.js';

@Module({
  controllers: [EnterprisesController],
  providers: [EnterprisesService, EnterprisesRepository],
  exports: [EnterprisesRepository],
})
export class EnterprisesModule {}
