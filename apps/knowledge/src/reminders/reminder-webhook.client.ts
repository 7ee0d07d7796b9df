import { Injectable } from '@nestjs/common';
import { InjectKnowledgeConfig, KnowledgeConfig } from '../knowledge.config';

/** POSTs one owner's reminder to ACTION_ITEM_REMINDER_WEBHOOK_URL, within ACTION_ITEM_REMINDER_TIMEOUT_MS; a non-2xx answer is a failure. */
@Injectable()
export class ReminderWebhookClient {
  constructor(@InjectKnowledgeConfig() private readonly config: KnowledgeConfig) {}

  get enabled() {
    return this.config.reminderWebhookUrl !== null;
  }

  async send(body: unknown): Promise<void> {
    const url = this.config.reminderWebhookUrl;
    if (!url) return;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'companyos-knowledge' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.config.reminderTimeoutMs),
      redirect: 'error',
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`reminder webhook answered ${response.status}`);
  }
}
