import { runbooksConfig } from './runbooks.config';

describe('runbooks config', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('treats an empty paging variable as unset and names a bad one', () => {
    process.env.NOTIFY_WEBHOOK_URL = '';
    process.env.PAGERDUTY_ROUTING_KEY = '';
    expect(runbooksConfig().paging).toMatchObject({ webhookUrl: null, pagerDutyRoutingKey: null, timeoutMs: 5000 });
    process.env.NOTIFY_WEBHOOK_URL = 'not a url';
    expect(() => runbooksConfig()).toThrow(/NOTIFY_WEBHOOK_URL: must be an http\(s\) URL/);
    process.env.NOTIFY_WEBHOOK_URL = 'https://hooks.example.com/x';
    process.env.RUNBOOKS_SYNC_ON_BOOT = 'yes';
    expect(() => runbooksConfig()).toThrow(/RUNBOOKS_SYNC_ON_BOOT: must be true or false/);
  });

  it('re-drives lost escalation jobs every 15 s after a minute by default, and refuses a grace within a page timeout', () => {
    expect(runbooksConfig().redrive).toEqual({ intervalMs: 15_000, graceMs: 60_000 });
    process.env.ESCALATION_REDRIVE_INTERVAL_MS = '0';
    expect(() => runbooksConfig()).toThrow(/ESCALATION_REDRIVE_INTERVAL_MS/);
    process.env.ESCALATION_REDRIVE_INTERVAL_MS = '200';
    process.env.ESCALATION_REDRIVE_GRACE_MS = '5000';
    expect(() => runbooksConfig()).toThrow(/ESCALATION_REDRIVE_GRACE_MS: must be more than PAGE_TIMEOUT_MS \(5000\)/);
    process.env.PAGE_TIMEOUT_MS = '1000';
    expect(runbooksConfig().redrive).toEqual({ intervalMs: 200, graceMs: 5000 });
  });
});
