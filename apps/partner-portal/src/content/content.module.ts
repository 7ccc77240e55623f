import { Module } from '@nestjs/common';
import { LoginModule } from '../login/login.module.js';
import { ContentController } from './content.controller.js';
import { ContentService } from './content.service.js';

@Module({
  imports: [LoginModule],
  controllers: [ContentController],
  providers: [ContentService],
})
export class ContentModule {}
