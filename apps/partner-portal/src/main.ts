import 'reflect-metadata';
import { loadConfigOrExit, runService } from '@charter/service-kit';
import { createApp } from './app.js';
import { PartnerPortalConfig } from './config/partner-portal.config.js';

const config = loadConfigOrExit(PartnerPortalConfig, process.env);
await runService(config, () => createApp(config));
