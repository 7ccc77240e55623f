/** One series of a Prometheus text exposition: its name, labels and value. */
export interface MetricSeries {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SERIES_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The series of a text exposition (comments and blank lines skipped). */
export function parseMetrics(text: string): MetricSeries[] {
  return text.split('\n').flatMap((line) => {
    const match = SERIES_LINE.exec(line);
    if (match === null || line.startsWith('#')) {
      return [];
    }
    const labels: Record<string, string> = {};
    for (const [, key = '', value = ''] of (match[2] ?? '').matchAll(LABEL)) {
      labels[key] = value.replaceAll('\\"', '"').replaceAll('\\n', '\n').replaceAll('\\\\', '\\');
    }
    return [{ name: match[1] ?? '', labels, value: Number(match[3]) }];
  });
}

/** A service's metrics listener (`http://127.0.0.1:<METRICS_PORT>`), scraped like Prometheus does. */
export class MetricsScraper {
  constructor(readonly url: string) {}

  async scrape(): Promise<MetricSeries[]> {
    const response = await fetch(`${this.url}/metrics`);
    if (response.status !== 200) {
      throw new Error(`GET ${this.url}/metrics answered ${response.status}`);
    }
    return parseMetrics(await response.text());
  }

  /** Every metric the registry holds (its `# TYPE` lines), whether or not it has a series yet. */
  async registeredNames(): Promise<string[]> {
    const response = await fetch(`${this.url}/metrics`);
    return [...(await response.text()).matchAll(/^# TYPE (\S+) /gm)].map(([, name = '']) => name);
  }

  /** The sum of the series named `name` whose labels include `labels` (0 when there is none). */
  async value(name: string, labels: Readonly<Record<string, string>> = {}): Promise<number> {
    return (await this.scrape())
      .filter(
        (series) =>
          series.name === name &&
          Object.entries(labels).every(([key, value]) => series.labels[key] === value),
      )
      .reduce((sum, series) => sum + series.value, 0);
  }
}
