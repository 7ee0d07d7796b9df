import { gatewayConfig } from '../gateway.config';

const required = { GITHUB_WEBHOOK_SECRET: 'a-github-secret', ALERTMANAGER_WEBHOOK_TOKEN: 'an-alertmanager-token' };

/** Reads the gateway's config from `env` alone. */
const load = (env: Record<string, string>) => {
  const saved = process.env;
  process.env = { ...required, ...env };
  try {
    return gatewayConfig();
  } finally {
    process.env = saved;
  }
};

describe('webhook retention settings', () => {
  it('defaults to 14 days of delivered webhooks and a 5-minute Alertmanager retry window', () => {
    expect(load({})).toMatchObject({ deliveryRetentionDays: 14, alertmanagerRetryWindowMs: 300_000 });
  });

  it('refuses a delivery retention shorter than the retry window (the rows are the dedup record)', () => {
    expect(() => load({ DELIVERY_RETENTION_DAYS: '1', ALERTMANAGER_RETRY_WINDOW_MS: String(2 * 24 * 3600_000) })).toThrow(
      /DELIVERY_RETENTION_DAYS: 1 days is shorter than ALERTMANAGER_RETRY_WINDOW_MS/,
    );
    expect(() => load({ ALERTMANAGER_RETRY_WINDOW_MS: '0' })).toThrow(/ALERTMANAGER_RETRY_WINDOW_MS/);
  });
});
