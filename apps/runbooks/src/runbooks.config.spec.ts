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
});
