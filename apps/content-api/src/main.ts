import 'reflect-metadata';
import { isProjectionCommand, runProjectionCommand } from '@charter/resource-server';
import { loadConfigOrExit, runService } from '@charter/service-kit';
import { createApp } from './app.js';
import { ContentApiConfig } from './config/content-api.config.js';
import { CONTENT_API } from './database/database-options.js';

const config = loadConfigOrExit(ContentApiConfig, process.env);
const command = process.argv[2];
if (isProjectionCommand(command)) {
  // `projection:rebuild`: an operator command, not the server.
  await runProjectionCommand(config, CONTENT_API);
} else if (command !== undefined) {
  process.stderr.write(`unknown command ${command}; known: projection:rebuild\n`);
  process.exitCode = 2;
} else {
  await runService(config, () => createApp(config));
}
