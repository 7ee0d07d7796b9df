import { InjectPlatformConfig, PlatformConfig, REDIS_CLIENT, RedisClient } from '@companyos/platform';
import { Inject, Injectable } from '@nestjs/common';

/** A fixed-window count: this window's (after the hit), the window before's, and seconds until this one ends. */
export interface WindowCount {
  count: number;
  previous: number;
  resetSeconds: number;
}

/**
 * Adds one to each current-window key (KEYS[1..n]), setting its expiry
 * (ARGV[1] ms) on the first hit, and reads the matching previous-window keys
 * (KEYS[n+1..2n]): { count1, previous1, count2, previous2, … }.
 */
const COUNT_WINDOWS_LUA = `
local n = #KEYS / 2
local out = {}
for i = 1, n do
  local count = redis.call('INCR', KEYS[i])
  if count == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
  out[2 * i - 1] = count
  out[2 * i] = tonumber(redis.call('GET', KEYS[n + i]) or '0')
end
return out`;

type CountingRedis = RedisClient & { countWindows(numberOfKeys: number, ...args: (string | number)[]): Promise<number[]> };

/**
 * Fixed-window counters in Redis, shared by every gateway replica: one
 * script call (one round trip, one command) adds a hit to every key given and
 * reads each key's previous window. Keys live two windows and share one hash
 * tag, so a script can touch several on a Redis Cluster too. Callers decide
 * what to do when Redis cannot answer (it throws).
 */
@Injectable()
export class WindowCounters {
  private readonly redis: CountingRedis;

  constructor(
    @Inject(REDIS_CLIENT) redis: RedisClient,
    @InjectPlatformConfig() private readonly platform: PlatformConfig,
  ) {
    if (!('countWindows' in redis)) redis.defineCommand('countWindows', { lua: COUNT_WINDOWS_LUA });
    this.redis = redis as CountingRedis;
  }

  /** Adds one hit to each key's current window, all in one round trip. */
  async hit(keys: string[], windowMs: number): Promise<WindowCount[]> {
    const { window, resetSeconds } = this.windowOf(windowMs);
    const current = keys.map((key) => this.redisKey(key, window));
    const previous = keys.map((key) => this.redisKey(key, window - 1));
    const replies = await this.redis.countWindows(2 * keys.length, ...current, ...previous, 2 * windowMs);
    return keys.map((_, i) => ({ count: Number(replies[2 * i]), previous: Number(replies[2 * i + 1]), resetSeconds }));
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
    return `${this.platform.queuePrefix}:{counters}:${key}:${window}`;
  }
}
