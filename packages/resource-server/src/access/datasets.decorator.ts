import { SetMetadata } from '@nestjs/common';

export const DATASETS_KEY = 'charter:datasets';

/**
 * The route serves these datasets: a contract that covers none of them gets 403
 * `dataset_not_covered` (a contract naming no dataset covers all). For a route whose items
 * belong to different datasets, leave it off and filter with `CallerCoverage` instead.
 */
export const Datasets = (...datasets: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata(DATASETS_KEY, datasets);
