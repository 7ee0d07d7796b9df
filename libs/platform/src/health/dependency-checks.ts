import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RedisClient } from '../messaging/redis-options';
import type { DataSource } from 'typeorm';
import { withTimeout } from '../async/with-timeout';
import { REDIS_CLIENT } from '../messaging/messaging.module';

export interface CheckResult {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

/** How long a probe may take before its dependency counts as down. */
export const CHECK_TIMEOUT_MS = 2_000;

/** Runs a probe with a deadline; a probe that hangs counts as down. */
export async function runCheck(probe: () => Promise<unknown>, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  try {
    await withTimeout(probe(), timeoutMs, `no answer within ${timeoutMs} ms`);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

/** Terminus health indicators of what every app depends on: PostgreSQL and Redis, each with its latency (or error). */
@Injectable()
export class DependencyIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
  ) {}

  readonly postgres = () => this.indicate('postgres', () => this.dataSource.query('SELECT 1'));
  readonly redisPing = () => this.indicate('redis', () => this.redis.ping());

  private async indicate<const Key extends string>(key: Key, probe: () => Promise<unknown>): Promise<HealthIndicatorResult<Key>> {
    const { status, ...result } = await runCheck(probe, CHECK_TIMEOUT_MS);
    const session = this.indicators.check(key);
    return status === 'up' ? session.up(result) : session.down(result);
  }
}
