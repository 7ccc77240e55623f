import 'reflect-metadata';
import { loadConfigOrExit, runService } from '@charter/service-kit';
import { createApp } from './app.js';
import { ContentApiConfig } from './config/content-api.config.js';
import { isProjectionCommand, runProjectionCommand } from './projection/projection.command.js';

const config = loadConfigOrExit(ContentApiConfig, process.env);
const command = process.argv[2];
if (isProjectionCommand(command)) {
  // `projection:rebuild`: an operator command, not the server.
  await runProjectionCommand(config);
} else if (command !== undefined) {
  process.stderr.write(`unknown command ${command}; known: projection:rebuild\n`);
  process.exitCode = 2;
} else {
  await runService(config, () => createApp(config));
}
