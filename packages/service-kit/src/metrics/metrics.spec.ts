import { describe, expect, it } from 'vitest';
import { Metrics, type MetricsOptions } from './metrics.js';

const OPTIONS: MetricsOptions = { service: 'test-service', port: 0, host: '', idLabels: false };

describe('Metrics', () => {
  it('keeps one registry per app: two instances never see each other’s counts', async () => {
    const first = new Metrics(OPTIONS);
    const second = new Metrics(OPTIONS);
    first.counter('charter_things_total', 'things', ['kind']).inc({ kind: 'a' });

    expect(await first.text()).toContain('charter_things_total{kind="a",service="test-service"} 1');
    expect(await second.text()).not.toContain('charter_things_total{');
  });

  it('hands the same metric to every asker of a name', () => {
    const metrics = new Metrics(OPTIONS);
    expect(metrics.counter('charter_things_total', 'things', [])).toBe(
      metrics.counter('charter_things_total', 'things', []),
    );
  });

  it('refuses a name outside the charter_ prefix', () => {
    expect(() => new Metrics(OPTIONS).counter('things_total', 'things', [])).toThrow(/charter_/);
  });

  it('leaves ids out of labels unless configured', () => {
    expect(new Metrics(OPTIONS).id('client-1')).toBe('');
    expect(new Metrics({ ...OPTIONS, idLabels: true }).id('client-1')).toBe('client-1');
    expect(new Metrics({ ...OPTIONS, idLabels: true }).id(undefined)).toBe('');
  });

  it('reads an observed gauge from every reader at scrape time; a failing reader is left out', async () => {
    const metrics = new Metrics(OPTIONS);
    let depth = 3;
    metrics.observe('charter_depth', 'depth', ['queue'], () => [
      { labels: { queue: 'a' }, value: depth },
    ]);
    metrics.observe('charter_depth', 'depth', ['queue'], () => {
      throw new Error('database down');
    });
    const failing = async (): Promise<never> => Promise.reject(new Error('NATS down'));
    metrics.observe('charter_depth', 'depth', ['queue'], failing);

    expect(await metrics.text()).toContain('charter_depth{queue="a",service="test-service"} 3');
    depth = 5;
    expect(await metrics.text()).toContain('charter_depth{queue="a",service="test-service"} 5');
  });

  it('stops reading a gauge for a reader that is gone', async () => {
    const metrics = new Metrics(OPTIONS);
    const reader = (): { labels: { queue: string }; value: number }[] => [
      { labels: { queue: 'gone' }, value: 1 },
    ];
    metrics.observe('charter_depth', 'depth', ['queue'], reader);
    metrics.unobserve('charter_depth', reader);
    expect(await metrics.text()).not.toContain('queue="gone"');
  });
});
