import { Injectable } from '@nestjs/common';
import { InjectRunbooksConfig, RunbooksConfig } from '../runbooks.config';

/** Outbound pages: one HTTP POST of JSON, answered 2xx within PAGE_TIMEOUT_MS or it failed. */
@Injectable()
export class PagerClient {
  constructor(@InjectRunbooksConfig() private readonly config: RunbooksConfig) {}

  async post(url: string, body: unknown): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'companyos-pager' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.config.paging.timeoutMs),
      redirect: 'error',
    }).catch((error: Error) => {
      throw new Error(error.name === 'TimeoutError' ? `no answer within ${this.config.paging.timeoutMs} ms` : error.message);
    });
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok) throw new Error(`answered ${response.status}`);
  }
}
