import { type Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';

const PRUNE_EVERY_MS = 10 * 60 * 1000;

/**
 * Runs `pruneOnce` every 10 minutes on every instance (deletes of what has expired are
 * idempotent, so instances running together only repeat each other), and on demand.
 */
export abstract class PeriodicPruner<Pruned> implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  protected constructor(
    private readonly logger: Logger,
    /** What is pruned, for the log lines: "expired revocations". */
    private readonly what: string,
    /** What `prune` answers when a run fails. */
    private readonly nothing: Pruned,
  ) {}

  protected abstract pruneOnce(): Promise<Pruned>;

  onModuleInit(): void {
    this.timer = setInterval(() => {
      void this.prune();
    }, PRUNE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes what has expired by now; never throws (the next run tries again). */
  async prune(): Promise<Pruned> {
    try {
      const pruned = await this.pruneOnce();
      this.logger.debug({ pruned }, `${this.what} pruned`);
      return pruned;
    } catch (error) {
      this.logger.warn({ err: error }, `pruning ${this.what} failed`);
      return this.nothing;
    }
  }
}
