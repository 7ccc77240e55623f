import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed password-grant attempts for one login name, and the lock they led to. */
@Entity({ name: 'password_grant_throttles' })
export class PasswordThrottle {
  /** The lower-cased username (email) tried: unknown names lock exactly like known ones. */
  @PrimaryColumn({ type: 'text' })
  username!: string;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ type: 'timestamptz' })
  windowStart!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;
}
