import { Controller, Get, Inject, Optional, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { ProblemException } from '../problems/problem.js';
import { Public } from '../public.decorator.js';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness-check.js';

@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Optional() @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[] = [],
  ) {}

  /** The process runs and answers. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** The database and every registered dependency answer. */
  @Get('ready')
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 1500 }),
        ...this.checks.map((check) => async () => {
          const indicator = this.indicators.check(check.name);
          return (await check.isReady()) ? indicator.up() : indicator.down();
        }),
      ]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        const result = error.getResponse() as HealthCheckResult;
        const down = Object.keys(result.error ?? {}).join(', ');
        throw new ProblemException({
          status: 503,
          code: 'not_ready',
          title: 'Not ready',
          detail: `Unavailable: ${down}`,
        });
      }
      throw error;
    }
  }
}
