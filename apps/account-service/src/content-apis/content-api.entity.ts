import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { ContentApi, DatasetDefinition, ScopeDefinition } from './domain/content-api.js';

@Entity({ name: 'content_apis' })
// Keyset pagination: each list order is one index range scan.
@Index('content_apis_created_at_id_idx', ['createdAt', 'id'])
@Index('content_apis_name_id_idx', ['name', 'id'])
@Unique('content_apis_resource_indicator_key', ['resourceIndicator'])
export class ContentApiEntity implements ContentApi {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'content_apis_pkey' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  resourceIndicator!: string;

  /** The scope catalogue: `[{ name, description }]`. */
  @Column({ type: 'jsonb' })
  scopes!: ScopeDefinition[];

  /** What a contract can cover: `[{ name, description }]`; none: contracts cover everything. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  datasets!: DatasetDefinition[];

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
