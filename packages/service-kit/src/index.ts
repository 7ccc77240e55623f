export { Clock, SystemClock } from './clock.js';
export { ConfigError, loadConfig, loadConfigOrExit } from './config/load-config.js';
export { EnvBool, EnvInt, EnvList } from './config/env-transforms.js';
export {
  isAddressOrCidr,
  IsNotLessThan,
  LOG_LEVELS,
  NotLocalDefaultInProduction,
  RequiredInProduction,
  ServiceEnv,
} from './config/service-env.js';
export {
  DatabaseModule,
  dataSourceOptions,
  ensureSchema,
  openDataSource,
  TransactionRunner,
  type DatabaseOptions,
} from './database/database.module.js';
export { pendingSchemaChanges, runMigrationCommand } from './database/migration-cli.js';
export { HealthModule } from './health/health.module.js';
export { READINESS_CHECKS, type ReadinessCheck } from './health/readiness-check.js';
export {
  createHttpApp,
  DEFAULT_HTTP_LIMITS,
  httpLimitsFrom,
  type HttpAppOptions,
  type HttpLimits,
} from './http/create-http-app.js';
export { logCommandToStderr } from './logging/command-logger.js';
export {
  createLoggingModule,
  type LoggingOptions,
  type LogLevel,
} from './logging/logging.module.js';
export { setupOpenApi, type OpenApiInfo } from './openapi.js';
export { reportStartupFailure, runService } from './startup/run-service.js';
export {
  DEFAULT_STARTUP_TIMEOUT_MS,
  StartupFailure,
  untilStartupDeadline,
} from './startup/startup-failure.js';
export {
  DomainError,
  PROBLEM_CONTENT_TYPE,
  ProblemException,
  problemBody,
  type FieldError,
  type Problem,
  type ProblemBody,
} from './problems/problem.js';
export { genericProblem } from './problems/framework-problems.js';
export { isDependencyUnavailable } from './problems/dependency-unavailable.js';
export {
  ProblemFilter,
  type DomainProblemMapper,
  type EarlyErrorRenderer,
} from './problems/problem.filter.js';
export { IS_PUBLIC_KEY, Public } from './public.decorator.js';
export { PeriodicPruner } from './scheduling/periodic-pruner.js';
export { Omittable, RequiresBody } from './problems/omittable.decorator.js';
export {
  METRIC_PREFIX,
  Metrics,
  type MetricsOptions,
  type Sample,
  type SampleReader,
} from './metrics/metrics.js';
export { MetricsModule, metricsOptionsFrom } from './metrics/metrics.module.js';
export { MetricsServer } from './metrics/metrics-server.js';
export { UNMATCHED_ROUTE } from './metrics/http-metrics.js';
export type { Counter, Histogram } from 'prom-client';
