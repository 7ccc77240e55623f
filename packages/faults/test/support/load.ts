import type { JsonResponse } from './stack.js';

export interface Outcome {
  readonly label: string;
  readonly status: number;
  /** ms since the load started, when the answer (or the failure) came. */
  readonly at: number;
  /** ms since the load started, when the request was sent. */
  readonly sentAt: number;
  readonly text: string;
}

export interface Load {
  readonly outcomes: Outcome[];
  /** Stops the workers after their current request. */
  stop(): Promise<void>;
}

/**
 * Keeps `workers` loops calling `operation` until stopped, recording every answer
 * (status 0: no HTTP answer at all). The operations decide what they call; the
 * record lets a test count statuses per phase.
 */
export function startLoad(
  workers: number,
  label: string,
  operation: (worker: number, iteration: number) => Promise<JsonResponse>,
): Load {
  const startedAt = Date.now();
  const outcomes: Outcome[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async (_, worker) => {
    for (let iteration = 0; running; iteration += 1) {
      const sentAt = Date.now() - startedAt;
      try {
        const answer = await operation(worker, iteration);
        outcomes.push({
          label,
          status: answer.status,
          at: Date.now() - startedAt,
          sentAt,
          text: answer.text.slice(0, 2_000),
        });
      } catch (error) {
        outcomes.push({
          label,
          status: 0,
          at: Date.now() - startedAt,
          sentAt,
          text: String((error as Error).cause ?? error).slice(0, 500),
        });
        // A refused connection fails at once: do not spin.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  });
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** `{ "201": 40, "503": 3 }` for the outcomes in a window of the run. */
export function tally(
  outcomes: readonly Outcome[],
  from = 0,
  to = Number.POSITIVE_INFINITY,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    if (outcome.at >= from && outcome.at < to) {
      counts[String(outcome.status)] = (counts[String(outcome.status)] ?? 0) + 1;
    }
  }
  return counts;
}

/** A Node/V8 stack trace leaked into a response body. */
export function hasStackTrace(text: string): boolean {
  // A frame: a line break (raw, or escaped inside JSON), spaces, `at name (file:line:col)`.
  return /(?:\n|\\n)\s*at \S+.*:\d+:\d+\)?/.test(text) || /"stack"\s*:/.test(text);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface ReadinessWatch {
  /** Per instance (`name@port`), the statuses in the order they changed, e.g. [200, 503, 200]. */
  readonly transitions: Map<string, number[]>;
  /** The same changes with when each was seen (ms since the watch started). */
  readonly changes: Map<string, Array<{ status: number; at: number }>>;
  stop(): Promise<void>;
}

/** Polls `/health/ready` of every instance every 100 ms and records each change of status. */
export function watchReadiness(
  services: ReadonlyArray<{ name: string; url: string }>,
  probe: (url: string) => Promise<number>,
): ReadinessWatch {
  const transitions = new Map<string, number[]>();
  const changes = new Map<string, Array<{ status: number; at: number }>>();
  const startedAt = Date.now();
  let running = true;
  const loops = services.map(async (service) => {
    const key = `${service.name}@${new URL(service.url).port}`;
    const seen: number[] = [];
    const timed: Array<{ status: number; at: number }> = [];
    transitions.set(key, seen);
    changes.set(key, timed);
    while (running) {
      const status = await probe(service.url);
      if (seen.at(-1) !== status) {
        seen.push(status);
        timed.push({ status, at: Date.now() - startedAt });
      }
      await sleep(100);
    }
  });
  return {
    transitions,
    changes,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}
