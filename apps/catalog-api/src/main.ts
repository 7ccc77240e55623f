import 'reflect-metadata';
import { isProjectionCommand, runProjectionCommand } from '@charter/resource-server';
import { loadConfigOrExit, runService } from '@charter/service-kit';
import { createApp } from './app.js';
import { CATALOG_API } from './app.module.js';
import { CatalogApiConfig } from './config/catalog-api.config.js';

const config = loadConfigOrExit(CatalogApiConfig, process.env);
const command = process.argv[2];
if (isProjectionCommand(command)) {
  // `projection:rebuild`: an operator command, not the server.
  await runProjectionCommand(config, CATALOG_API);
} else if (command !== undefined) {
  process.stderr.write(`unknown command ${command}; known: projection:rebuild\n`);
  process.exitCode = 2;
} else {
  await runService(config, () => createApp(config));
}
