/** A dependency that readiness reports on (the database is always checked). */
export interface ReadinessCheck {
  readonly name: string;
  isReady(): boolean | Promise<boolean>;
}

/** Multi-provider token: each module that owns a connection adds its check. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
