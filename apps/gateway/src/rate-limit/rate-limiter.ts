import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditTrail } from '../audit/audit-trail';
import { requestLabel, sendRefusal } from '../auth/http-refusal';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';
import { WindowCount, WindowCounters } from './window-counters';

/** One counter a request is charged to: its Redis key (`ip:…`, `principal:…`) and who it names in a refusal. */
export interface RateLimitHit {
  key: string;
  who: string;
}

/** Client IPs remembered as over the limit (until their window ends); past this many the oldest are forgotten. */
const MAX_BLOCKED_IPS = 10_000;

/**
 * Fixed-window counters in Redis (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS),
 * shared by every gateway replica, one per client IP and one per principal,
 * both counted in one round trip (with the 401 audit counter when the
 * credential fails). Over the limit: 429 with Retry-After, and the first
 * refusal of a window is recorded in the audit log (recording each would let
 * a flood write rows). An IP found over its limit is then refused by this
 * replica without Redis and before its credential is checked, until the
 * window ends. If Redis cannot answer, the request goes through (and a
 * warning is logged): an outage of Redis must not take the API down with it.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);
  /** Client IP → when (ms) its over-limit window ends. */
  private readonly blockedIps = new Map<string, number>();

  constructor(
    private readonly counters: WindowCounters,
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    private readonly audit: AuditTrail,
  ) {}

  /** True (and answered 429) when this client IP is known to be over its limit in this window. */
  refuseBlockedIp(req: Request, res: Response, ip: string): boolean {
    const until = this.blockedIps.get(ip);
    if (until === undefined) return false;
    const now = Date.now();
    if (until <= now) {
      this.blockedIps.delete(ip);
      return false;
    }
    const resetSeconds = Math.ceil((until - now) / 1000);
    this.setHeaders(res, this.config.rateLimit.max + 1, resetSeconds);
    sendRefusal(req, res, 429, 'TOO_MANY_REQUESTS', this.message(ip, resetSeconds));
    return true;
  }

  /**
   * Counts a request against every hit (plus `alsoCount`, counters the caller
   * reads but that are not limits) in one round trip, sets the RateLimit-*
   * headers of the tightest limit, and answers 429 naming who is over it.
   * Resolves whether the request may go on, and the extra counters (null
   * when Redis could not answer).
   */
  async admit(req: Request, res: Response, hits: RateLimitHit[], alsoCount: string[] = []): Promise<{ admitted: boolean; extra: WindowCount[] | null }> {
    const { max, windowMs } = this.config.rateLimit;
    let counts: WindowCount[];
    try {
      counts = await this.counters.hit([...hits.map((hit) => hit.key), ...alsoCount], windowMs);
    } catch (error) {
      this.logger.warn(`rate limit not checked (${(error as Error).message}): request let through`);
      return { admitted: true, extra: null };
    }
    const limits = counts.slice(0, hits.length);
    const extra = counts.slice(hits.length);
    const tightest = limits.reduce((a, b) => (b.count > a.count ? b : a));
    this.setHeaders(res, tightest.count, tightest.resetSeconds);
    const over = hits.findIndex((_, i) => limits[i].count > max);
    if (over < 0) return { admitted: true, extra };

    const { key, who } = hits[over];
    const { count, resetSeconds } = limits[over];
    if (key.startsWith('ip:')) this.block(key.slice(3), resetSeconds);
    const message = this.message(who, resetSeconds);
    if (count === max + 1) await this.audit.record(req, { operation: requestLabel(req), outcome: 'DENIED', code: 'TOO_MANY_REQUESTS', detail: message });
    sendRefusal(req, res, 429, 'TOO_MANY_REQUESTS', message);
    return { admitted: false, extra };
  }

  private message(who: string, resetSeconds: number) {
    const { max, windowMs } = this.config.rateLimit;
    return `more than ${max} requests in ${windowMs / 1000} s from ${who}; retry in ${resetSeconds} s`;
  }

  private setHeaders(res: Response, count: number, resetSeconds: number) {
    const { max } = this.config.rateLimit;
    res.setHeader('RateLimit-Limit', String(max));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, max - count)));
    res.setHeader('RateLimit-Reset', String(resetSeconds));
    if (count > max) res.setHeader('Retry-After', String(resetSeconds));
  }

  private block(ip: string, resetSeconds: number) {
    if (this.blockedIps.size >= MAX_BLOCKED_IPS) this.blockedIps.delete(this.blockedIps.keys().next().value!);
    this.blockedIps.set(ip, Date.now() + resetSeconds * 1000);
  }
}
