import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';

const OBSERVABILITY = fileURLToPath(new URL('../../../infra/observability/', import.meta.url));

/** What a PromQL expression holds, as Prometheus' own grammar (lezer-promql) reads it. */
export interface PromqlReading {
  /** Where the grammar could not read the expression (empty: it parses). */
  readonly errors: readonly string[];
  /** The metric names its selectors name. */
  readonly metrics: readonly string[];
}

/** Parses one expression (an alert rule's `expr`, a dashboard target) without a Prometheus server. */
export function readPromql(expression: string): PromqlReading {
  const errors: string[] = [];
  const metrics = new Set<string>();
  parser.parse(expression).iterate({
    enter(node) {
      if (node.type.isError) {
        errors.push(
          `cannot read at ${node.from}: "${expression.slice(node.from, node.from + 20)}"`,
        );
      }
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        metrics.add(expression.slice(node.from, node.to));
      }
    },
  });
  return { errors, metrics: [...metrics] };
}

/** A histogram's series carry suffixes its registered name does not: the name it was registered under. */
export function registeredMetricName(seriesName: string): string {
  return seriesName.replace(/_(bucket|count|sum)$/, '');
}

/** One PromQL expression of infra/observability and where it is (an alert, a dashboard panel). */
export interface ObservabilityQuery {
  readonly where: string;
  readonly expression: string;
}

interface AlertRules {
  groups: Array<{ name: string; rules: Array<{ alert?: string; record?: string; expr: string }> }>;
}

interface Dashboard {
  title: string;
  panels: Array<{ title: string; targets?: Array<{ expr?: string }> }>;
}

/** Every expression of the alert rules and the Grafana dashboards in infra/observability. */
export function observabilityQueries(): ObservabilityQuery[] {
  const rules = parse(readFileSync(`${OBSERVABILITY}alerts.yml`, 'utf8')) as AlertRules;
  const alerts = rules.groups.flatMap((group) =>
    group.rules.map((rule) => ({
      where: `alert ${rule.alert ?? rule.record ?? '?'}`,
      expression: String(rule.expr),
    })),
  );
  const directory = `${OBSERVABILITY}grafana/dashboards/`;
  const panels = readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => {
      const dashboard = JSON.parse(readFileSync(`${directory}${file}`, 'utf8')) as Dashboard;
      return dashboard.panels.flatMap((panel) =>
        (panel.targets ?? []).map((target) => ({
          where: `${file}: ${panel.title}`,
          expression: target.expr ?? '',
        })),
      );
    });
  return [...alerts, ...panels];
}
