import 'reflect-metadata';
import { loadConfigOrExit } from '@charter/service-kit';
import { createApp } from './app.js';
import { PartnerPortalConfig } from './config/partner-portal.config.js';

const config = loadConfigOrExit(PartnerPortalConfig, process.env);
const app = await createApp(config);
await app.listen({ port: config.PORT, host: config.HOST });
