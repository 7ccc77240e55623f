import { describe, expect, it } from 'vitest';
import { DatasetInUse } from '../content-api.errors.js';
import { registerContentApi, updateContentApi } from './content-api.js';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const LATER = new Date('2025-07-01T00:00:00.000Z');

const registered = () =>
  registerContentApi(
    'api-1',
    {
      name: 'Market data',
      resourceIndicator: 'https://data.example.com',
      scopes: [{ name: 'articles:read', description: '' }],
      datasets: [
        { name: 'equities', description: 'Shares' },
        { name: 'fx', description: 'Currencies' },
      ],
    },
    NOW,
  );

describe('content API datasets', () => {
  it('declares none unless given', () => {
    expect(
      registerContentApi(
        'api-1',
        { name: 'x', resourceIndicator: 'https://x.example.com', scopes: [] },
        NOW,
      ).datasets,
    ).toEqual([]);
  });

  it('replaces the list and bumps the version', () => {
    const updated = updateContentApi(
      registered(),
      { datasets: [{ name: 'equities', description: 'Shares and indices' }] },
      new Set(),
      LATER,
    );
    expect(updated).toMatchObject({
      datasets: [{ name: 'equities', description: 'Shares and indices' }],
      version: 2,
      updatedAt: LATER,
    });
  });

  it('changes nothing when the values are restated', () => {
    const api = registered();
    expect(
      updateContentApi(api, { name: api.name, datasets: api.datasets }, new Set(), LATER),
    ).toBeNull();
  });

  it('keeps a dataset that a live contract covers', () => {
    expect(() =>
      updateContentApi(
        registered(),
        { datasets: [{ name: 'equities', description: 'Shares' }] },
        new Set(['fx']),
        LATER,
      ),
    ).toThrow(DatasetInUse);
    // Changing its description, or removing another, is fine.
    expect(
      updateContentApi(
        registered(),
        { datasets: [{ name: 'fx', description: 'FX' }] },
        new Set(['fx']),
        LATER,
      ),
    ).toMatchObject({ version: 2 });
  });
});
