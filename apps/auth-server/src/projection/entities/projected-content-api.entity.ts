import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface ProjectedScope {
  readonly name: string;
  readonly description: string;
}

/** A resource server contracts cover: its resource indicator and scope catalogue. */
@Entity({ name: 'content_apis' })
export class ProjectedContentApi {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  resourceIndicator!: string;

  @Column({ type: 'jsonb' })
  scopes!: ProjectedScope[];

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
