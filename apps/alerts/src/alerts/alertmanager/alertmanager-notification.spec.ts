import { alertmanagerWebhook, AlertmanagerWebhook } from '@companyos/contracts';
import { AlertSeverity, AlertStatus } from '../alert.enums';
import { labelsFingerprint, observeNotification, severityOf } from './alertmanager-notification';

const receivedAt = new Date('2026-01-15T10:10:00Z');

/** A one-alert notification; `alert` overrides the alert's fields (undefined removes one). */
const aNotification = (alert: Record<string, unknown> = {}): AlertmanagerWebhook =>
  alertmanagerWebhook.parse({
    version: '4',
    groupKey: '{}:{alertname="HighErrorRate", service="checkout"}',
    status: 'firing',
    receiver: 'companyos',
    alerts: [
      JSON.parse(
        JSON.stringify({
          status: 'firing',
          labels: { alertname: 'HighErrorRate', job: 'checkout-api', service: 'checkout', severity: 'critical' },
          annotations: { summary: '5xx above 5 %' },
          startsAt: '2026-01-15T10:00:35.647800883Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=x',
          fingerprint: '8d14e8ea43874673',
          ...alert,
        }),
      ),
    ],
  });

const observe = (alert: Record<string, unknown> = {}) => observeNotification(aNotification(alert), receivedAt)[0];
const withLabels = (labels: Record<string, string>) => observe({ labels: { alertname: 'A', ...labels } });

describe('observeNotification', () => {
  it('reads a firing alert', () => {
    expect(observeNotification(aNotification(), receivedAt)).toEqual([
      {
        fingerprint: '8d14e8ea43874673',
        alertName: 'HighErrorRate',
        severity: AlertSeverity.CRITICAL,
        status: AlertStatus.FIRING,
        service: 'checkout',
        labels: { alertname: 'HighErrorRate', job: 'checkout-api', service: 'checkout', severity: 'critical' },
        annotations: { summary: '5xx above 5 %' },
        startsAt: new Date('2026-01-15T10:00:35.647Z'),
        endsAt: null,
        generatorUrl: 'http://prometheus.example.com:9090/graph?g0.expr=x',
        groupKey: '{}:{alertname="HighErrorRate", service="checkout"}',
      },
    ]);
  });

  it('derives the fingerprint from the labels when Alertmanager sent none, as Alertmanager computes it', () => {
    // 8d14e8ea43874673 is what Alertmanager 0.25 sent for these labels.
    expect(observe({ fingerprint: undefined }).fingerprint).toBe('8d14e8ea43874673');
    expect(observe({ fingerprint: '' }).fingerprint).toBe('8d14e8ea43874673');
  });

  it('takes any year-1 endsAt (Go\'s zero time) as no end', () => {
    expect(observe({ endsAt: '0001-01-01T00:00:00Z' }).endsAt).toBeNull();
    expect(observe({ endsAt: '0001-01-01T00:00:00.000+00:00' }).endsAt).toBeNull();
    expect(observe({ endsAt: undefined }).endsAt).toBeNull();
    expect(observe({ status: 'resolved', endsAt: '2026-01-15T10:05:42Z' })).toMatchObject({
      status: AlertStatus.RESOLVED,
      endsAt: new Date('2026-01-15T10:05:42Z'),
    });
  });

  it('without a per-alert status, an alert is resolved iff it ended by the time the notification arrived', () => {
    const old = (endsAt?: string) => observe({ status: undefined, endsAt }).status;
    expect(old('2026-01-15T10:05:00Z')).toBe(AlertStatus.RESOLVED);
    expect(old(receivedAt.toISOString())).toBe(AlertStatus.RESOLVED);
    // Prometheus sets endsAt a few minutes ahead on a firing alert.
    expect(old('2026-01-15T10:14:00Z')).toBe(AlertStatus.FIRING);
    expect(old('0001-01-01T00:00:00Z')).toBe(AlertStatus.FIRING);
    expect(old(undefined)).toBe(AlertStatus.FIRING);
  });

  it('trusts the per-alert status when there is one', () => {
    expect(observe({ status: 'firing', endsAt: '2026-01-15T10:05:00Z' }).status).toBe(AlertStatus.FIRING);
    expect(observe({ status: 'resolved', endsAt: '2026-01-15T10:14:00Z' }).status).toBe(AlertStatus.RESOLVED);
  });

  it('maps the severity label case-insensitively, anything else to WARNING, and leaves the label as it was', () => {
    expect(withLabels({ severity: 'CRITICAL' }).severity).toBe(AlertSeverity.CRITICAL);
    expect(withLabels({ severity: 'Warning' }).severity).toBe(AlertSeverity.WARNING);
    expect(withLabels({ severity: 'info' }).severity).toBe(AlertSeverity.INFO);
    const paging = withLabels({ severity: 'page' });
    expect(paging.severity).toBe(AlertSeverity.WARNING);
    expect(paging.labels.severity).toBe('page');
    expect(withLabels({ severity: 'error' }).severity).toBe(AlertSeverity.WARNING);
    expect(withLabels({}).severity).toBe(AlertSeverity.WARNING);
    expect(severityOf({ severity: ' critical ' })).toBe(AlertSeverity.CRITICAL);
  });

  it('takes the service from the service label, else job, else none', () => {
    expect(withLabels({ service: 'checkout', job: 'checkout-api' }).service).toBe('checkout');
    expect(withLabels({ job: 'checkout-api' }).service).toBe('checkout-api');
    expect(withLabels({}).service).toBeNull();
  });

  it('has no generator URL when Alertmanager sent an empty one', () => {
    expect(observe({ generatorURL: '' }).generatorUrl).toBeNull();
    expect(observe({ generatorURL: undefined }).generatorUrl).toBeNull();
  });
});

describe('labelsFingerprint', () => {
  it('hashes an empty label set to the FNV-1a offset basis', () => {
    expect(labelsFingerprint({})).toBe('cbf29ce484222325');
  });

  it('matches prometheus/common\'s own test vectors (model/signature_test.go)', () => {
    expect(labelsFingerprint({ name: 'garland, briggs', fear: 'love is not enough' })).toBe(
      BigInt('5799056148416392346').toString(16).padStart(16, '0'),
    );
    expect(labelsFingerprint({ 'first-label': 'first-label-value' })).toBe(BigInt('5146282821936882169').toString(16));
    expect(
      labelsFingerprint({ 'first-label': 'first-label-value', 'second-label': 'second-label-value', 'third-label': 'third-label-value' }),
    ).toBe(BigInt('13843036195897128121').toString(16));
  });

  // Each expected value below is what a real Alertmanager 0.25 reported for the label set.
  it('does not depend on the order of the labels', () => {
    const labels = {
      alertname: 'HighErrorRate',
      instance: '10.0.0.7:8080',
      job: 'checkout-api',
      service: 'checkout',
      severity: 'critical',
    };
    expect(labelsFingerprint(labels)).toBe('c5e6ddbc06a52b0e');
    expect(labelsFingerprint(Object.fromEntries(Object.entries(labels).reverse()))).toBe('c5e6ddbc06a52b0e');
  });

  it('sorts names byte-wise, upper case before underscore before lower case', () => {
    expect(labelsFingerprint({ alpha: '2', alertname: 'Order', aB: '5', a_b: '4', _under: '3', Zeta: '1' })).toBe('664771b78401120b');
  });

  it('separates name from value, so a="bc" and ab="c" differ', () => {
    expect(labelsFingerprint({ alertname: 'x', a: 'bc' })).toBe('48c5efd5c22b8b34');
    expect(labelsFingerprint({ alertname: 'x', ab: 'c' })).toBe('c41de5558db0d412');
  });

  it('hashes the UTF-8 bytes of non-ASCII values, astral characters included', () => {
    expect(labelsFingerprint({ alertname: 'Zürich', team: 'paiements-été', note: '日本語 ✓ 😀' })).toBe('3090415ecff03775');
    expect(labelsFingerprint({ alertname: 'Emoji', v: '\u{1F600}\uFFFF\uE000' })).toBe('952c53bf41cf722a');
  });

  it('keeps leading zeros (%016x)', () => {
    expect(labelsFingerprint({ alertname: 'a2690' })).toBe('000cba5539749764');
  });

  it('orders non-ASCII names by UTF-8 bytes as Go does, not by UTF-16 code units', () => {
    // Go puts U+FFFF (EF BF BF) before U+1F600 (F0 9F 98 80); a JS sort would not (U+1F600 is D83D DE00 in UTF-16).
    // Alertmanager 0.25 refuses such names; the value is from an independent FNV-1a written in Python.
    expect(labelsFingerprint({ alertname: 'U', '\u{1F600}': 'y', '\uFFFF': 'x' })).toBe('ab6f9a85cc5fb7c4');
  });
});
