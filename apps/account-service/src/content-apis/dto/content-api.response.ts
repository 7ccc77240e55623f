import type { Page } from '../../common/domain/page.js';
import { ApiProperty } from '@nestjs/swagger';
import type { ContentApi, DatasetDefinition, ScopeDefinition } from '../domain/content-api.js';

export class ScopeDefinitionResponse {
  @ApiProperty({ example: 'articles:read' })
  name!: string;

  @ApiProperty({ example: 'Read published articles' })
  description!: string;

  static from(scope: ScopeDefinition): ScopeDefinitionResponse {
    return Object.assign(new ScopeDefinitionResponse(), {
      name: scope.name,
      description: scope.description,
    });
  }
}

export class DatasetDefinitionResponse {
  @ApiProperty({ example: 'equities' })
  name!: string;

  @ApiProperty({ example: 'Equity news and quotes (shares and indices)' })
  description!: string;

  static from(dataset: DatasetDefinition): DatasetDefinitionResponse {
    return Object.assign(new DatasetDefinitionResponse(), {
      name: dataset.name,
      description: dataset.description,
    });
  }
}

export class ContentApiResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'News archive API' })
  name!: string;

  @ApiProperty({ format: 'uri', example: 'http://localhost:3002' })
  resourceIndicator!: string;

  @ApiProperty({ type: () => [ScopeDefinitionResponse] })
  scopes!: ScopeDefinitionResponse[];

  @ApiProperty({
    type: () => [DatasetDefinitionResponse],
    description: 'What a contract can cover; a contract naming no dataset covers all of the data',
  })
  datasets!: DatasetDefinitionResponse[];

  @ApiProperty({ description: 'Starts at 1, +1 on every change', example: 1 })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(api: ContentApi): ContentApiResponse {
    return Object.assign(new ContentApiResponse(), {
      id: api.id,
      name: api.name,
      resourceIndicator: api.resourceIndicator,
      scopes: api.scopes.map((scope) => ScopeDefinitionResponse.from(scope)),
      datasets: api.datasets.map((dataset) => DatasetDefinitionResponse.from(dataset)),
      version: api.version,
      createdAt: api.createdAt.toISOString(),
      updatedAt: api.updatedAt.toISOString(),
    });
  }
}

export class ContentApiListResponse {
  @ApiProperty({ type: () => [ContentApiResponse] })
  items!: ContentApiResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor!: string | null;

  static from(page: Page<ContentApi>): ContentApiListResponse {
    return Object.assign(new ContentApiListResponse(), {
      items: page.items.map((api) => ContentApiResponse.from(api)),
      nextCursor: page.nextCursor,
    });
  }
}
