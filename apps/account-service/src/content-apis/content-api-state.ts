import type { ContentApiState } from '@charter/events';
import type { ContentApi } from './domain/content-api.js';

/** The content API as its events carry it. */
export function toContentApiState(api: ContentApi): ContentApiState {
  return {
    id: api.id,
    name: api.name,
    resourceIndicator: api.resourceIndicator,
    scopes: api.scopes.map((scope) => ({ name: scope.name, description: scope.description })),
    datasets: api.datasets.map((dataset) => ({
      name: dataset.name,
      description: dataset.description,
    })),
    createdAt: api.createdAt.toISOString(),
    updatedAt: api.updatedAt.toISOString(),
  };
}
