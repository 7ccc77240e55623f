import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  type LabelValues,
  Registry,
} from 'prom-client';

/** How a service's metrics are named, labelled and served (from ServiceEnv, see metricsOptionsFrom). */
export interface MetricsOptions {
  /** The `service` label on every series (`auth-server`, `content-api`). */
  readonly service: string;
  /** The separate listener's port; 0: no listener (the registry still counts). */
  readonly port: number;
  readonly host: string;
  /**
   * Whether client and contract ids may be label values. Off: those labels are empty, so every
   * series stays bounded by the code (grant types, error codes, route templates), not by data.
   */
  readonly idLabels: boolean;
}

/** One reading of an observed gauge: its labels and value. */
export interface Sample<L extends string> {
  readonly labels: LabelValues<L>;
  readonly value: number;
}

/** Reads the current values of an observed gauge at scrape time (may query NATS or PostgreSQL). */
export type SampleReader<L extends string> = () =>
  Promise<readonly Sample<L>[]> | readonly Sample<L>[];

/** Every name this package and the apps register starts with it, so dashboards find them. */
export const METRIC_PREFIX = 'charter_';

/**
 * One Prometheus registry per app instance (tests boot several apps in one process, so never
 * prom-client's global one), with the process metrics and a `service` label on every series.
 * Components ask for a metric by name: the first asker creates it, the others get the same one.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly readers = new Map<string, SampleReader<string>[]>();

  constructor(readonly options: MetricsOptions) {
    this.registry.setDefaultLabels({ service: options.service });
    collectDefaultMetrics({ register: this.registry });
  }

  /** The value of an id label: the id when METRICS_ID_LABELS is on, otherwise empty (no label). */
  id(value: string | null | undefined): string {
    return this.options.idLabels ? (value ?? '') : '';
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return this.getOrCreate(
      name,
      () => new Counter<L>({ name, help, labelNames, registers: [this.registry] }),
    );
  }

  histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets: readonly number[],
  ): Histogram<L> {
    return this.getOrCreate(
      name,
      () =>
        new Histogram<L>({
          name,
          help,
          labelNames,
          buckets: [...buckets],
          registers: [this.registry],
        }),
    );
  }

  /**
   * A gauge read at scrape time from every reader registered under its name (one per consumer,
   * say). A reader that fails leaves its series out of that scrape rather than failing it.
   */
  observe<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    reader: SampleReader<L>,
  ): void {
    const readers = this.readers.get(name) ?? [];
    readers.push(reader);
    if (this.readers.has(name)) {
      return;
    }
    this.readers.set(name, readers);
    new Gauge<string>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        const results = await Promise.allSettled(readers.map(async (read) => read()));
        for (const result of results) {
          if (result.status === 'fulfilled') {
            result.value.forEach((sample) => this.set(sample.labels, sample.value));
          }
        }
      },
    });
  }

  /** Stops reading a gauge for a component that went away (a closed consumer). */
  unobserve(name: string, reader: SampleReader<string>): void {
    const readers = this.readers.get(name);
    const index = readers?.indexOf(reader) ?? -1;
    if (index >= 0) {
      readers?.splice(index, 1);
    }
  }

  /** The exposition text (`/metrics`). */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  private getOrCreate<M>(name: string, create: () => M): M {
    if (!name.startsWith(METRIC_PREFIX)) {
      throw new Error(`metric ${name} must start with ${METRIC_PREFIX}`);
    }
    return (this.registry.getSingleMetric(name) as M | undefined) ?? create();
  }
}
