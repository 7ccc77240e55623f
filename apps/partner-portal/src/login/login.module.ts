import { Module } from '@nestjs/common';
import { AuthorizationServerClient } from './authorization-server.client.js';
import { LoginController } from './login.controller.js';
import { SessionStore } from './session.store.js';

@Module({
  controllers: [LoginController],
  providers: [AuthorizationServerClient, SessionStore],
  exports: [AuthorizationServerClient, SessionStore],
})
export class LoginModule {}
