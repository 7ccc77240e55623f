import 'reflect-metadata';
import { loadConfigOrExit } from '@charter/service-kit';
import { createApp } from './app.js';
import { AccountServiceConfig } from './config/account-service.config.js';

const config = loadConfigOrExit(AccountServiceConfig, process.env);
const app = await createApp(config);
await app.listen({ port: config.PORT, host: config.HOST });
