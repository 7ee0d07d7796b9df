import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { join } from 'node:path';
import { PostableAlert, PrivateAlertmanager } from './alertmanager';
import { alertmanagerExample } from './alertmanager-examples';
import { waitFor } from './ports';

// The harness against a real Alertmanager, with a tiny HTTP server as the
// webhook receiver. `CAPTURE_ALERTMANAGER_FIXTURES=1 npx jest libs/testing/src/alertmanager.int-spec.ts`
// also saves the two bodies received as libs/testing/fixtures/alertmanager/{firing,resolved}.json
// (what alertmanagerExample returns); a normal run never writes them.
const CAPTURE = process.env.CAPTURE_ALERTMANAGER_FIXTURES === '1';
const FIXTURES = join(__dirname, '..', 'fixtures', 'alertmanager');
const WEBHOOK_PATH = '/api/companyos/prometheus-webhook';

interface Delivery {
  method?: string;
  path?: string;
  headers: IncomingHttpHeaders;
  body: Record<string, any>;
}

const highErrorRate: PostableAlert = {
  labels: {
    alertname: 'HighErrorRate',
    service: 'checkout',
    severity: 'critical',
    customer_facing: 'true',
    slo_name: 'checkout-availability',
  },
  annotations: {
    summary: 'checkout is failing 7.3% of requests',
    description: 'The 5xx ratio of checkout has been above 5% for 5 minutes (SLO checkout-availability burns at 14.6x).',
    runbook_url: 'https://runbooks.example.com/checkout/high-error-rate',
  },
  generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=job%3Aslo_errors_per_request%3Aratio_rate5m%7Bjob%3D%22checkout%22%7D+%3E+0.05&g0.tab=1',
};

describe('PrivateAlertmanager', () => {
  const token = randomBytes(16).toString('hex');
  const deliveries: Delivery[] = [];
  let receiver: Server;
  let alertmanager: PrivateAlertmanager;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        deliveries.push({
          method: request.method,
          path: request.url,
          headers: request.headers,
          body: JSON.parse(Buffer.concat(chunks).toString()),
        });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as { port: number };
    alertmanager = await PrivateAlertmanager.start({ webhookUrl: `http://127.0.0.1:${port}${WEBHOOK_PATH}`, bearerToken: token });
  });

  afterAll(async () => {
    await alertmanager?.stop();
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  /** The first delivery with that status; fails within 15 s, showing Alertmanager's log. */
  const firstDelivery = (status: 'firing' | 'resolved') =>
    waitFor(`a ${status} webhook`, async () => deliveries.find((delivery) => delivery.body.status === status), 15_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}\nreceived: ${JSON.stringify(deliveries.map((d) => d.body.status))}\nAlertmanager's log:\n${alertmanager.logTail()}`);
      },
    );

  it('delivers a firing alert, then its resolution, to the webhook with the bearer token', async () => {
    await alertmanager.postAlerts([{ ...highErrorRate, startsAt: new Date(Date.now() - 5 * 60_000).toISOString() }]);

    const firing = await firstDelivery('firing');
    expect(firing.method).toBe('POST');
    expect(firing.path).toBe(WEBHOOK_PATH);
    expect(firing.headers.authorization).toBe(`Bearer ${token}`);
    expect(firing.headers['content-type']).toMatch(/^application\/json/);
    expect(firing.body).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'companyos',
      groupLabels: { alertname: 'HighErrorRate', service: 'checkout' },
      commonLabels: highErrorRate.labels,
      commonAnnotations: highErrorRate.annotations,
    });
    expect(firing.body.groupKey).toBe('{}:{alertname="HighErrorRate", service="checkout"}');
    expect(firing.body.alerts).toHaveLength(1);
    const [firingAlert] = firing.body.alerts;
    expect(firingAlert).toMatchObject({
      status: 'firing',
      labels: highErrorRate.labels,
      annotations: highErrorRate.annotations,
      generatorURL: highErrorRate.generatorURL,
    });
    expect(firingAlert.fingerprint).toMatch(/^[0-9a-f]{16}$/);

    await alertmanager.resolveAlerts([highErrorRate]);

    const resolved = await firstDelivery('resolved');
    expect(resolved.headers.authorization).toBe(`Bearer ${token}`);
    expect(resolved.body).toMatchObject({ version: '4', status: 'resolved', groupKey: firing.body.groupKey });
    expect(resolved.body.alerts).toHaveLength(1);
    const [resolvedAlert] = resolved.body.alerts;
    expect(resolvedAlert).toMatchObject({ status: 'resolved', labels: highErrorRate.labels, fingerprint: firingAlert.fingerprint, startsAt: firingAlert.startsAt });
    expect(Date.parse(resolvedAlert.endsAt)).toBeGreaterThan(Date.parse(resolvedAlert.startsAt));

    if (CAPTURE) {
      writeFileSync(join(FIXTURES, 'firing.json'), JSON.stringify(firing.body, null, 2) + '\n');
      writeFileSync(join(FIXTURES, 'resolved.json'), JSON.stringify(resolved.body, null, 2) + '\n');
    }
    // The committed examples still have the shape this Alertmanager sends.
    expect(Object.keys(alertmanagerExample('firing')).sort()).toEqual(Object.keys(firing.body).sort());
    expect(Object.keys(alertmanagerExample('resolved').alerts[0]).sort()).toEqual(Object.keys(resolvedAlert).sort());
  });

  it('rejects alerts Alertmanager cannot accept, with its reason', async () => {
    await expect(alertmanager.postAlerts([{ labels: {} }])).rejects.toThrow(/Alertmanager rejected the alerts: 400 .+/);
  });
});

describe('alertmanagerExample', () => {
  it('returns a fresh copy of a captured delivery each time', () => {
    const firing = alertmanagerExample('firing');
    expect(firing).toMatchObject({ version: '4', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'HighErrorRate' } }] });
    expect(alertmanagerExample('resolved')).toMatchObject({ status: 'resolved', alerts: [{ status: 'resolved' }] });
    firing.alerts[0].labels.alertname = 'Changed';
    expect(alertmanagerExample('firing').alerts[0].labels.alertname).toBe('HighErrorRate');
  });
});

describe('PrivateAlertmanager.binary', () => {
  it('names the Debian package to install when Alertmanager is not on PATH', () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(() => PrivateAlertmanager.binary()).toThrow(/apt-get install prometheus-alertmanager/);
    } finally {
      process.env.PATH = path;
    }
  });
});
