import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { observabilityQueries, readPromql } from '@charter/testing';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const DIR = fileURLToPath(new URL('../observability/', import.meta.url));

interface Rule {
  alert?: string;
  expr?: unknown;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const rules = (parse(readFileSync(`${DIR}alerts.yml`, 'utf8')) as { groups: { rules: Rule[] }[] })
  .groups;

/**
 * `promtool check rules`, as far as a parser from npm goes: every expression reads with
 * Prometheus' own grammar, and each rule has what Alertmanager and the runbook need. That each
 * metric named is registered by a service is checked against the running services'
 * registries (apps/content-api/test/metrics.int-spec.ts).
 */
describe('infra/observability', () => {
  it('has the alerts the runbook describes, each complete', () => {
    const names = rules.flatMap((group) => group.rules.map((rule) => rule.alert));
    expect(names.sort()).toEqual(
      [
        'CharterAccessStateStale',
        'CharterConsumerLag',
        'CharterDeadLetters',
        'CharterHigh5xxRate',
        'CharterLockoutSpike',
        'CharterOutboxStuck',
        'CharterSigningKeyRotationOverdue',
      ].sort(),
    );
    const runbook = readFileSync(
      fileURLToPath(new URL('../../docs/operations.md', import.meta.url)),
      'utf8',
    );
    for (const rule of rules.flatMap((group) => group.rules)) {
      expect(typeof rule.expr, rule.alert).toBe('string');
      expect(['warning', 'critical'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      if (rule.for !== undefined) {
        expect(rule.for, rule.alert).toMatch(/^\d+[smh]$/);
      }
      expect(runbook, `docs/operations.md explains ${rule.alert}`).toContain(`\`${rule.alert}\``);
    }
  });

  it('parses every alert and dashboard expression with the PromQL grammar', () => {
    const queries = observabilityQueries();
    expect(queries.length).toBeGreaterThan(20);
    for (const query of queries) {
      expect(readPromql(query.expression).errors, query.where).toEqual([]);
      expect(readPromql(query.expression).metrics.length, query.where).toBeGreaterThan(0);
    }
  });

  it('tells a broken expression apart (the check is not vacuous)', () => {
    expect(readPromql('sum by (service (rate(charter_logins_total[5m])').errors).not.toEqual([]);
    expect(readPromql('rate(charter_logins_total{outcome="failed"}[5m])').metrics).toEqual([
      'charter_logins_total',
    ]);
  });

  it('scrapes every service on its metrics port, with the rules loaded', () => {
    const config = parse(readFileSync(`${DIR}prometheus.yml`, 'utf8')) as {
      rule_files: string[];
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    expect(config.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    const targets = config.scrape_configs.flatMap((job) =>
      job.static_configs.flatMap((group) => group.targets),
    );
    expect(targets.sort()).toEqual(
      ['account-service', 'auth-server', 'catalog-api', 'content-api'].map((s) => `${s}:9464`),
    );
  });
});
