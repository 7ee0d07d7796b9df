import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { Response } from 'express';
import { InjectPlatformConfig } from '../config/platform-config.module';
import type { PlatformConfig } from '../config/platform.config';
import { CheckResult, DependencyIndicators } from './dependency-checks';

type Dependency = 'postgres' | 'redis';

/**
 * Liveness, readiness (Postgres and Redis reachable) and a detailed view,
 * checked through @nestjs/terminus and answered in the architecture's shape:
 * `/health` never touches a dependency, `/health/ready` is 503 with
 * `failures` naming each dependency that is down.
 */
@Controller('health')
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(
    @InjectPlatformConfig() private readonly config: PlatformConfig,
    private readonly health: HealthCheckService,
    private readonly dependencies: DependencyIndicators,
  ) {}

  @Get()
  live() {
    return { status: 'ok', app: this.config.appName };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const checks = await this.checks();
    const failures = Object.fromEntries(
      Object.entries(checks)
        .filter(([, check]) => check.status === 'down')
        .map(([name, check]) => [name, check.error]),
    );
    if (Object.keys(failures).length) {
      res.status(503);
      return { status: 'unavailable', app: this.config.appName, failures };
    }
    return { status: 'ready', app: this.config.appName };
  }

  @Get('detailed')
  async detailed() {
    const dependencies = await this.checks();
    const healthy = Object.values(dependencies).every((check) => check.status === 'up');
    return {
      status: healthy ? 'ok' : 'degraded',
      app: this.config.appName,
      role: this.config.role,
      env: this.config.env,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      node: process.version,
      memoryMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
      dependencies,
    };
  }

  /** Both dependencies at once; terminus answers a failed check with a 503 exception carrying the same details. */
  private async checks(): Promise<Record<Dependency, CheckResult>> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check([this.dependencies.postgres, this.dependencies.redisPing]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthCheckResult;
    }
    const details = result.details as Record<Dependency, CheckResult>;
    return { postgres: details.postgres, redis: details.redis };
  }
}
