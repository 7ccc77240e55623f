import { waitFor } from './wait-for.js';

/** One request's outcome: `failure` says why it did not succeed (status and body), or is null. */
export type Outcome = string | null;

/**
 * A steady loop of requests over a pool of instances, as a load balancer would spread them,
 * while a test rolls instances in and out (a rolling update). Every request goes to an
 * instance in the pool; an instance is retired (taken out of the pool, its requests in flight
 * finished) before it is closed, as Kubernetes drains a pod. Counts what succeeded and keeps
 * every failure.
 */
export class Traffic<T> {
  private pool: T[] = [];
  private readonly inFlight = new Map<T, number>();
  private running = false;
  private workers: Promise<void>[] = [];
  private next = 0;
  succeeded = 0;
  readonly failures: string[] = [];

  constructor(
    private readonly request: (target: T) => Promise<Outcome>,
    private readonly concurrency = 4,
  ) {}

  start(initial: readonly T[]): void {
    this.pool = [...initial];
    this.running = true;
    this.workers = Array.from({ length: this.concurrency }, () => this.work());
  }

  add(target: T): void {
    this.pool.push(target);
  }

  /** Takes the instance out of the pool and waits until none of its requests is in flight. */
  async retire(target: T): Promise<void> {
    this.pool = this.pool.filter((item) => item !== target);
    await waitFor('the retired instance to finish its requests', () =>
      (this.inFlight.get(target) ?? 0) === 0 ? true : undefined,
    );
  }

  /** Waits until `count` more requests have succeeded (traffic really flowed through this phase). */
  async passes(count: number): Promise<void> {
    const target = this.succeeded + count;
    await waitFor(`${count} more successful requests`, () =>
      this.succeeded >= target ? true : undefined,
    );
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  private async work(): Promise<void> {
    while (this.running) {
      const target = this.pool[this.next++ % Math.max(this.pool.length, 1)];
      if (target === undefined) {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      this.inFlight.set(target, (this.inFlight.get(target) ?? 0) + 1);
      try {
        const failure = await this.request(target);
        if (failure === null) {
          this.succeeded++;
        } else {
          this.failures.push(failure);
        }
      } catch (error) {
        this.failures.push(error instanceof Error ? error.message : String(error));
      } finally {
        this.inFlight.set(target, (this.inFlight.get(target) ?? 1) - 1);
      }
    }
  }
}
