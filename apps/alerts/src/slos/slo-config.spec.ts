import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSloConfig } from './slo-config';

const GOOD = `
# Service level objectives, applied at boot.
slos:
  - name: checkout-availability
    service: checkout
    objective: 99.9
    window: 30d
    description: Checkout answers without 5xx
  - name: search.latency_p99
    service: search
    objective: 99.95
    window: 28d
  - name: 2fa-delivery
    service: auth
    objective: 95
    window: 30d
    description:
`;

const NO_SLI = { sliErrorQuery: null, sliTotalQuery: null };

/** GOOD with the second SLO's lines replaced. */
const withSecond = (lines: string) => GOOD.replace(/  - name: search[\s\S]*?window: 28d\n/, lines);

describe('parseSloConfig', () => {
  it('reads each SLO, the objective as a ratio and the window in days', () => {
    expect(parseSloConfig(GOOD)).toEqual([
      { name: 'checkout-availability', service: 'checkout', objective: 0.999, windowDays: 30, description: 'Checkout answers without 5xx', ...NO_SLI },
      { name: 'search.latency_p99', service: 'search', objective: 0.9995, windowDays: 28, description: null, ...NO_SLI },
      { name: '2fa-delivery', service: 'auth', objective: 0.95, windowDays: 30, description: null, ...NO_SLI },
    ]);
  });

  it("reads the repository's slo-config.example.yaml, the file the README points to", () => {
    const file = join(__dirname, '..', '..', '..', '..', 'slo-config.example.yaml');
    expect(parseSloConfig(readFileSync(file, 'utf8'), file).map((slo) => [slo.name, slo.objective, slo.windowDays])).toEqual([
      ['checkout-availability', 0.999, 30],
      ['api-gateway-latency', 0.995, 28],
    ]);
  });

  it('takes an empty list', () => {
    expect(parseSloConfig('slos: []')).toEqual([]);
  });

  it('names the source and the path of a bad objective', () => {
    const over = withSecond('  - name: search\n    service: search\n    objective: 100\n    window: 28d\n');
    expect(() => parseSloConfig(over)).toThrow('slo-config.yaml: slos.1.objective: must be a percentage below 100');
    const zero = withSecond('  - name: search\n    service: search\n    objective: 0\n    window: 28d\n');
    expect(() => parseSloConfig(zero, 'config/slo.yaml')).toThrow('config/slo.yaml: slos.1.objective: must be a percentage above 0');
    const text = withSecond('  - name: search\n    service: search\n    objective: "99.9%"\n    window: 28d\n');
    expect(() => parseSloConfig(text)).toThrow('slo-config.yaml: slos.1.objective: Expected number, received string');
  });

  it('accepts only 28d and 30d windows', () => {
    const text = withSecond('  - name: search\n    service: search\n    objective: 99\n    window: 7d\n');
    expect(() => parseSloConfig(text)).toThrow("slo-config.yaml: slos.1.window: Invalid enum value. Expected '28d' | '30d', received '7d'");
  });

  it('names a bad or missing name, and a missing service', () => {
    const upper = withSecond('  - name: Search\n    service: search\n    objective: 99\n    window: 28d\n');
    expect(() => parseSloConfig(upper)).toThrow(/^slo-config\.yaml: slos\.1\.name: must start with a lower-case letter or digit/);
    const missing = withSecond('  - objective: 99\n    window: 28d\n');
    expect(() => parseSloConfig(missing)).toThrow('slo-config.yaml: slos.1.name: Required; slos.1.service: Required');
  });

  it('refuses a duplicate name, pointing at both', () => {
    const text = withSecond('  - name: checkout-availability\n    service: checkout\n    objective: 99\n    window: 28d\n');
    expect(() => parseSloConfig(text)).toThrow('slo-config.yaml: slos.1.name: duplicate name "checkout-availability" (also slos.0.name)');
  });

  it('refuses keys it does not know, so a typo is not silently ignored', () => {
    const text = withSecond('  - name: search\n    service: search\n    objectve: 99\n    window: 28d\n');
    expect(() => parseSloConfig(text)).toThrow(
      "slo-config.yaml: slos.1.objective: Required; slos.1: Unrecognized key(s) in object: 'objectve'",
    );
  });

  it('refuses a file without a list of SLOs', () => {
    expect(() => parseSloConfig('')).toThrow('slo-config.yaml: (root): Expected object, received null');
    expect(() => parseSloConfig('slos:')).toThrow('slo-config.yaml: slos: Expected array, received null');
    expect(() => parseSloConfig('- name: a')).toThrow('slo-config.yaml: (root): Expected object, received array');
  });

  it('reports a YAML syntax error with its line and column', () => {
    expect(() => parseSloConfig('slos:\n  - name: a\n   service: b\n')).toThrow(
      'slo-config.yaml: Sequence item without - indicator at line 3, column 1:',
    );
    expect(() => parseSloConfig('slos:\n  - name: a\n    name: b\n')).toThrow(
      'slo-config.yaml: Map keys must be unique at line 3, column 5:',
    );
    expect(() => parseSloConfig('slos: *list\n')).toThrow('slo-config.yaml: Unresolved alias');
  });

  it('reads an sli: a counter selector or PromQL holding {{.window}}, trimmed', () => {
    const text = withSecond(
      '  - name: search\n    service: search\n    objective: 99\n    window: 28d\n    sli:\n' +
        '      errorQuery: " x_total{code=~\\"5..\\"} "\n      totalQuery: sum(rate(x_total[{{.window}}]))\n',
    );
    expect(parseSloConfig(text)[1]).toMatchObject({ sliErrorQuery: 'x_total{code=~"5.."}', sliTotalQuery: 'sum(rate(x_total[{{.window}}]))' });
  });

  it('refuses an sli without both queries, or with a query it cannot count', () => {
    const half = withSecond('  - name: search\n    service: search\n    objective: 99\n    window: 28d\n    sli:\n      errorQuery: x\n');
    expect(() => parseSloConfig(half)).toThrow('slo-config.yaml: slos.1.sli.totalQuery: Required');
    const ranged = withSecond('  - name: search\n    service: search\n    objective: 99\n    window: 28d\n    sli:\n      errorQuery: rate(x[5m])\n      totalQuery: x\n');
    expect(() => parseSloConfig(ranged)).toThrow(/^slo-config\.yaml: slos\.1\.sli\.errorQuery: must be a counter series selector/);
  });

  it("reads the repository's slo-config.yaml: the platform's own SLOs, both measured from Prometheus", () => {
    const file = join(__dirname, '..', '..', '..', '..', 'slo-config.yaml');
    const slos = parseSloConfig(readFileSync(file, 'utf8'), file);
    expect(slos.map((slo) => [slo.name, slo.service, slo.objective, slo.windowDays])).toEqual([
      ['gateway-availability', 'gateway', 0.999, 30],
      ['gateway-latency-p95', 'gateway', 0.95, 30],
    ]);
    expect(slos[0].sliErrorQuery).toBe('http_request_duration_seconds_count{app="gateway",route!~"/health.*|/metrics",status_code=~"5.."}');
    expect(slos[1].sliErrorQuery).toContain('le="0.5"');
    expect(slos.every((slo) => slo.sliTotalQuery === 'http_request_duration_seconds_count{app="gateway",route!~"/health.*|/metrics"}')).toBe(true);
  });
});
