import 'reflect-metadata';
import { loadConfigOrExit } from '@charter/service-kit';
import { createApp } from './app.js';
import { ContentApiConfig } from './config/content-api.config.js';

const config = loadConfigOrExit(ContentApiConfig, process.env);
const app = await createApp(config);
await app.listen({ port: config.PORT, host: config.HOST });
