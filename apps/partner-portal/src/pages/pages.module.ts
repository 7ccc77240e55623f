import { Module } from '@nestjs/common';
import { LoginModule } from '../login/login.module.js';
import { HomeController } from './home.controller.js';

@Module({ imports: [LoginModule], controllers: [HomeController] })
export class PagesModule {}
