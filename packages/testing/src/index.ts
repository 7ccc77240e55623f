export { resolveInfrastructure, type Infrastructure } from './infrastructure.js';
export {
  freePort,
  runServiceUntilExit,
  startService,
  type ExitedService,
  type RunningService,
  type ServiceName,
} from './service-process.js';
export {
  createTestDatabase,
  dropTestDatabase,
  type HeldLock,
  holdAdvisoryLock,
  queryDatabase,
  type TestDatabase,
} from './test-database.js';
export { createTestNamespace, type TestNamespace } from './test-namespace.js';
export { waitFor, type WaitOptions } from './wait-for.js';
export { publishToStream, readStream, type StoredEvent } from './stream-messages.js';
export { createTestContext, type TestContext } from './test-context.js';
export {
  generatedRequest,
  openApiOperations,
  type OpenApiDocument,
  type Operation,
} from './generated-requests.js';
export { Browser, Page, pkce } from './browser.js';
export { type Outcome, Traffic } from './traffic.js';
export { MetricsScraper, parseMetrics, type MetricSeries } from './metrics.js';
export {
  observabilityQueries,
  readPromql,
  registeredMetricName,
  type ObservabilityQuery,
  type PromqlReading,
} from './promql.js';
