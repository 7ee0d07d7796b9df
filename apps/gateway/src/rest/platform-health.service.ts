import { CHECK_TIMEOUT_MS, REDIS_CLIENT, runCheck } from '@companyos/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type IORedis from 'ioredis';
import type { DataSource } from 'typeorm';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';
import { AppReadiness, failingDependencies, overallStatus, PlatformHealthReport, readinessUrl } from './platform-health.rules';

/** How long one app's `/health/ready` may take: its own checks take up to CHECK_TIMEOUT_MS, plus a second for the exchange. */
export const READINESS_TIMEOUT_MS = CHECK_TIMEOUT_MS + 1_000;
/** A report is reused for this long, and concurrent callers share the one being made: a flood of calls costs at most one round of probes per interval. */
export const HEALTH_REPORT_TTL_MS = 2_000;

/**
 * Every app's readiness, as `GET /api/companyos/health` answers it: the
 * gateway's own (its Postgres and Redis) and each subgraph's `/health/ready`,
 * all asked at once, each within READINESS_TIMEOUT_MS.
 */
@Injectable()
export class PlatformHealth {
  private latest?: { report: PlatformHealthReport; at: number };
  private pending?: Promise<PlatformHealthReport>;

  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: IORedis,
  ) {}

  report(): Promise<PlatformHealthReport> {
    if (this.latest && Date.now() - this.latest.at < HEALTH_REPORT_TTL_MS) return Promise.resolve(this.latest.report);
    this.pending ??= this.check().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async check(): Promise<PlatformHealthReport> {
    const subgraphs = Object.entries(this.config.subgraphUrls);
    const [gateway, ...answers] = await Promise.all([this.gatewayReadiness(), ...subgraphs.map(([, url]) => probeReadiness(readinessUrl(url), READINESS_TIMEOUT_MS))]);
    const apps: Record<string, AppReadiness> = { gateway };
    subgraphs.forEach(([name], i) => (apps[name] = answers[i]));
    const report = { status: overallStatus(apps), checkedAt: new Date().toISOString(), apps };
    this.latest = { report, at: Date.now() };
    return report;
  }

  private async gatewayReadiness(): Promise<AppReadiness> {
    const started = performance.now();
    const [postgres, redis] = await Promise.all([
      runCheck(() => this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS),
      runCheck(() => this.redis.ping(), CHECK_TIMEOUT_MS),
    ]);
    const failing = [...(postgres.status === 'down' ? ['postgres'] : []), ...(redis.status === 'down' ? ['redis'] : [])];
    const latencyMs = Math.round(performance.now() - started);
    return failing.length ? { status: 'unavailable', latencyMs, failing, reason: `${failing.join(' and ')} unreachable` } : { status: 'ready', latencyMs };
  }
}

/** One app's `/health/ready`: 200 is ready; anything else, no answer in time, or no connection is unavailable. */
export async function probeReadiness(url: string, timeoutMs: number): Promise<AppReadiness> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' }, redirect: 'error' });
    // The whole answer within the timeout: a body that stalls is no answer.
    const text = await response.text();
    if (response.ok) return { status: 'ready', latencyMs: elapsed() };
    const failing = failingDependencies(parseJson(text));
    return { status: 'unavailable', latencyMs: elapsed(), ...(failing ? { failing } : {}), reason: `HTTP ${response.status}` };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    return { status: 'unavailable', latencyMs: elapsed(), reason: timedOut ? `no answer within ${timeoutMs} ms` : 'unreachable' };
  }
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};
