import { Controller, Get, Inject, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { InjectPlatformConfig } from '../config/platform-config.module';
import type { PlatformConfig } from '../config/platform.config';
import { REDIS_CLIENT } from '../messaging/messaging.module';
import { CheckResult, runCheck } from './dependency-checks';

const CHECK_TIMEOUT_MS = 2_000;

/** Liveness, readiness (Postgres and Redis reachable) and a detailed view. */
@Controller('health')
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(
    @InjectPlatformConfig() private readonly config: PlatformConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: IORedis,
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

  private async checks(): Promise<Record<'postgres' | 'redis', CheckResult>> {
    const [postgres, redis] = await Promise.all([
      runCheck(() => this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS),
      runCheck(() => this.redis.ping(), CHECK_TIMEOUT_MS),
    ]);
    return { postgres, redis };
  }
}
