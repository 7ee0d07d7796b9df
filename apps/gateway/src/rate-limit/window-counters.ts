import { InjectPlatformConfig, PlatformConfig, REDIS_CLIENT } from '@companyos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type IORedis from 'ioredis';

/** A fixed-window count: this window's (after the hit), the window before's, and seconds until this one ends. */
export interface WindowCount {
  count: number;
  previous: number;
  resetSeconds: number;
}

/**
 * Fixed-window counters in Redis, shared by every gateway replica: one
 * MULTI (one round trip) adds a hit and reads the previous window. Keys live
 * two windows. Callers decide what to do when Redis cannot answer (it throws).
 */
@Injectable()
export class WindowCounters {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: IORedis,
    @InjectPlatformConfig() private readonly platform: PlatformConfig,
  ) {}

  /** Adds one hit to each key's current window, all in one round trip. */
  async hit(keys: string[], windowMs: number): Promise<WindowCount[]> {
    const { window, resetSeconds } = this.windowOf(windowMs);
    const multi = this.redis.multi();
    for (const key of keys) {
      const current = this.redisKey(key, window);
      multi.incr(current).pexpire(current, 2 * windowMs).get(this.redisKey(key, window - 1));
    }
    const replies = (await multi.exec()) ?? [];
    return keys.map((_, i) => {
      const [[incrError, count], , [, previous]] = replies.slice(3 * i, 3 * i + 3) as [Error | null, unknown][];
      if (incrError) throw incrError;
      return { count: Number(count), previous: Number(previous ?? 0), resetSeconds };
    });
  }

  /** This window's count of `key`, without adding to it. */
  async peek(key: string, windowMs: number): Promise<WindowCount> {
    const { window, resetSeconds } = this.windowOf(windowMs);
    const [count, previous] = await this.redis.mget(this.redisKey(key, window), this.redisKey(key, window - 1));
    return { count: Number(count ?? 0), previous: Number(previous ?? 0), resetSeconds };
  }

  private windowOf(windowMs: number) {
    const now = Date.now();
    const window = Math.floor(now / windowMs);
    return { window, resetSeconds: Math.ceil(((window + 1) * windowMs - now) / 1000) };
  }

  private redisKey(key: string, window: number) {
    return `${this.platform.queuePrefix}:counter:${key}:${window}`;
  }
}
