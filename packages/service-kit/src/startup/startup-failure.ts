import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A dependency the service cannot start without did not answer in time, or refused it:
 * which one, the variable that points at it, and what happened. Its message is the one line
 * an operator reads (the variable's value is not in it: it may hold a password).
 */
export class StartupFailure extends Error {
  constructor(
    readonly dependency: string,
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`${dependency} (${variable}): ${reason}`);
    this.name = 'StartupFailure';
  }
}

/** How long start-up waits for each dependency (STARTUP_TIMEOUT_MS) when nobody says. */
export const DEFAULT_STARTUP_TIMEOUT_MS = 30_000;

const RETRY_DELAY_MS = 250;

/** The error's own words, without a URL's credentials. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replaceAll(/\/\/[^/@\s]*@/g, '//***@');
}

export interface StartupAttemptOptions<T> {
  /** An error that waiting will not cure (wrong password, no such database): fail at once. */
  readonly isPermanent?: (error: unknown) => boolean;
  /** Gets a value an attempt delivers after the deadline (to close a connection). */
  readonly discardLate?: (value: T) => void;
}

/**
 * Tries `attempt` until it succeeds or `deadlineMs` has passed, then throws a StartupFailure
 * with the last error; a permanent error throws at once. An attempt that hangs counts against
 * the deadline as well.
 */
export async function untilStartupDeadline<T>(
  dependency: string,
  variable: string,
  deadlineMs: number,
  attempt: () => Promise<T>,
  options: StartupAttemptOptions<T> = {},
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let lastError: unknown;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), deadlineMs);
  });
  try {
    while (Date.now() < deadline) {
      const pending = attempt();
      const outcome = await Promise.race([
        pending.then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        ),
        expired,
      ]);
      if (outcome === 'expired') {
        pending.then(options.discardLate, () => undefined);
        break;
      }
      if ('value' in outcome) {
        return outcome.value;
      }
      if (options.isPermanent?.(outcome.error) === true) {
        throw new StartupFailure(dependency, variable, `refused: ${reasonOf(outcome.error)}`);
      }
      lastError = outcome.error;
      await Promise.race([sleep(RETRY_DELAY_MS), expired]);
    }
  } finally {
    clearTimeout(timer);
  }
  const seconds = Math.round(deadlineMs / 100) / 10;
  throw new StartupFailure(
    dependency,
    variable,
    lastError === undefined
      ? `no answer within ${seconds} s`
      : `not available within ${seconds} s: ${reasonOf(lastError)}`,
  );
}
