import { destination, pino } from 'pino';
import { serializeError } from '../logging/logging.module.js';
import { StartupFailure } from './startup-failure.js';

interface Listening {
  listen(options: { port: number; host: string }): Promise<unknown>;
}

interface RunConfig {
  readonly PORT: number;
  readonly HOST: string;
  readonly LOG_FILE?: string;
}

/**
 * Starts the server, or stops the process with one JSON log line and exit code 1: the
 * dependency that failed and the variable that points at it (PostgreSQL: DATABASE_URL,
 * NATS: NATS_URL, a stream: its name, the port: PORT), never a stack trace for those.
 */
export async function runService(
  config: RunConfig,
  create: () => Promise<Listening>,
): Promise<void> {
  let stage: 'create' | 'listen' = 'create';
  try {
    const app = await create();
    stage = 'listen';
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    reportStartupFailure(
      stage === 'listen' && !(error instanceof StartupFailure)
        ? new StartupFailure('HTTP listener', 'PORT', (error as Error).message ?? String(error))
        : error,
      config.LOG_FILE,
    );
    process.exit(1);
  }
}

/** The one line: what failed, where to look, written before the process exits. */
export function reportStartupFailure(error: unknown, file?: string): void {
  const logger = pino(
    { base: { pid: process.pid } },
    destination({ dest: file ?? 1, append: true, mkdir: true, sync: true }),
  );
  if (error instanceof StartupFailure) {
    logger.fatal(
      { dependency: error.dependency, variable: error.variable, reason: error.reason },
      `start-up failed: ${error.message}`,
    );
  } else {
    const err = error instanceof Error ? serializeError(error) : { message: String(error) };
    logger.fatal({ err }, `start-up failed: ${String(err.message)}`);
  }
}
