import { Module } from '@nestjs/common';
import { ContentApisController } from './content-apis.controller.js';
import { ContentApisRepository } from './content-apis.repository.js';
import { ContentApisService } from './content-apis.service.js';

@Module({
  controllers: [ContentApisController],
  providers: [ContentApisService, ContentApisRepository],
  exports: [ContentApisRepository],
})
export class ContentApisModule {}
