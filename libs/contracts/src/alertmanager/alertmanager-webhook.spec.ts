import { alertmanagerWebhook, MAX_ALERTS_PER_NOTIFICATION } from './alertmanager-webhook';

// A notification as Alertmanager 0.25 sends it (the documented version 4 shape): one
// alert resolved, one still firing (Go's zero time as endsAt).
const aV4Payload = (): Record<string, any> => ({
  version: '4',
  groupKey: '{}:{alertname="HighErrorRate"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'companyos',
  groupLabels: { alertname: 'HighErrorRate' },
  commonLabels: { alertname: 'HighErrorRate', job: 'checkout-api', service: 'checkout', severity: 'critical' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager.example.com:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'HighErrorRate', instance: '10.0.0.7:8080', job: 'checkout-api', service: 'checkout', severity: 'critical' },
      annotations: { summary: '5xx above 5 %' },
      startsAt: '2026-01-15T10:00:11.778813996Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=x',
      fingerprint: 'c5e6ddbc06a52b0e',
    },
    {
      status: 'resolved',
      labels: { alertname: 'HighErrorRate', job: 'checkout-api', service: 'checkout', severity: 'critical' },
      annotations: { summary: '5xx above 5 %' },
      startsAt: '2026-01-15T10:00:35.647800883Z',
      endsAt: '2026-01-15T10:05:42Z',
      generatorURL: '',
      fingerprint: '8d14e8ea43874673',
    },
  ],
});

// Alertmanager before 0.16: no per-alert status or fingerprint, no truncatedAlerts.
const anOldPayload = (): Record<string, any> => ({
  version: '4',
  groupKey: '{}/{severity="critical"}:{alertname="DiskFull"}',
  status: 'resolved',
  receiver: 'ops',
  groupLabels: { alertname: 'DiskFull' },
  commonLabels: { alertname: 'DiskFull', job: 'node' },
  commonAnnotations: { description: 'disk / is full' },
  externalURL: 'http://alertmanager:9093',
  alerts: [
    {
      labels: { alertname: 'DiskFull', job: 'node', instance: 'db-1:9100' },
      annotations: { description: 'disk / is full' },
      startsAt: '2018-06-01T08:00:00.000+02:00',
      endsAt: '2018-06-01T09:30:00.000+02:00',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=disk',
    },
  ],
});

/** "path: message" for each problem, as the webhook edge reports them. */
const problems = (payload: unknown): string[] => {
  const result = alertmanagerWebhook.safeParse(payload);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('alertmanagerWebhook', () => {
  it('reads a version 4 notification as Alertmanager sends it', () => {
    const parsed = alertmanagerWebhook.parse(aV4Payload());
    expect(parsed).toEqual(aV4Payload());
  });

  it('reads an old notification without fingerprints, per-alert status or truncatedAlerts', () => {
    const parsed = alertmanagerWebhook.parse(anOldPayload());
    expect(parsed.truncatedAlerts).toBe(0);
    expect(parsed.alerts[0]).toEqual({ ...anOldPayload().alerts[0] });
    expect(parsed.alerts[0].status).toBeUndefined();
    expect(parsed.alerts[0].fingerprint).toBeUndefined();
  });

  it('fills missing maps with {} and drops keys it does not know', () => {
    const payload = anOldPayload();
    delete payload.groupLabels;
    payload.commonLabels = null; // Go writes a nil map as null
    delete payload.alerts[0].annotations;
    payload.futureField = { any: 'thing' };
    payload.alerts[0].futureField = 1;
    const parsed = alertmanagerWebhook.parse(payload);
    expect(parsed.groupLabels).toEqual({});
    expect(parsed.commonLabels).toEqual({});
    expect(parsed.alerts[0].annotations).toEqual({});
    expect(parsed).not.toHaveProperty('futureField');
    expect(parsed.alerts[0]).not.toHaveProperty('futureField');
  });

  it('needs only groupKey and the alerts', () => {
    const { alerts } = aV4Payload();
    expect(problems({ groupKey: '{}:{}', alerts: [{ labels: alerts[0].labels, startsAt: alerts[0].startsAt }] })).toEqual([]);
  });

  it('names a missing groupKey', () => {
    const payload = aV4Payload();
    delete payload.groupKey;
    expect(problems(payload)).toEqual(['groupKey: Required']);
  });

  it('names an alert without alertname', () => {
    const payload = aV4Payload();
    delete payload.alerts[1].labels.alertname;
    expect(problems(payload)).toEqual(['alerts.1.labels.alertname: Every alert needs a non-empty "alertname" label']);
    payload.alerts[1].labels.alertname = '';
    expect(problems(payload)).toEqual(['alerts.1.labels.alertname: Every alert needs a non-empty "alertname" label']);
  });

  it('names a startsAt or endsAt that is not an RFC 3339 timestamp', () => {
    const payload = aV4Payload();
    payload.alerts[0].startsAt = 'yesterday';
    payload.alerts[1].endsAt = '2026-01-15'; // a date that Date.parse takes, but not a timestamp
    expect(problems(payload)).toEqual([
      'alerts.0.startsAt: Expected an RFC 3339 timestamp',
      'alerts.1.endsAt: Expected an RFC 3339 timestamp',
    ]);
    payload.alerts[0].startsAt = '2026-02-30T25:00:00Z';
    expect(problems(payload)[0]).toBe('alerts.0.startsAt: Expected an RFC 3339 timestamp');
  });

  it('names other wrong fields by path', () => {
    const payload = aV4Payload();
    payload.truncatedAlerts = -1;
    payload.alerts[0].status = 'pending';
    payload.alerts[0].labels.severity = 3;
    expect(problems(payload)).toEqual([
      'truncatedAlerts: Number must be greater than or equal to 0',
      "alerts.0.status: Invalid enum value. Expected 'firing' | 'resolved', received 'pending'",
      'alerts.0.labels.severity: Expected string, received number',
    ]);
  });

  it('takes between 1 and 10 000 alerts', () => {
    const payload = aV4Payload();
    const [alert] = payload.alerts;
    expect(problems({ ...payload, alerts: [] })).toEqual(['alerts: Array must contain at least 1 element(s)']);
    expect(problems({ ...payload, alerts: Array(MAX_ALERTS_PER_NOTIFICATION).fill(alert) })).toEqual([]);
    expect(problems({ ...payload, alerts: Array(MAX_ALERTS_PER_NOTIFICATION + 1).fill(alert) })).toEqual([
      'alerts: Array must contain at most 10000 element(s)',
    ]);
  });
});
