import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'enterprises' })
export class ProjectedEnterprise {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  status!: 'active' | 'suspended' | 'closed';

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
