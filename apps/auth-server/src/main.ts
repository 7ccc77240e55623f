import 'reflect-metadata';
import { loadConfigOrExit } from '@charter/service-kit';
import { createApp } from './app.js';
import { AuthServerConfig } from './config/auth-server.config.js';

const config = loadConfigOrExit(AuthServerConfig, process.env);
const app = await createApp(config);
await app.listen({ port: config.PORT, host: config.HOST });
