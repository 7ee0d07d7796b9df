import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './ports';
import { PrivatePrometheus, PrometheusApiError } from './prometheus';

// The harness against a real Prometheus that scrapes itself and evaluates one rule file.
describe('PrivatePrometheus', () => {
  let prometheus: PrivatePrometheus;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'companyos-prom-spec-'));
    const rules = join(dir, 'rules.yml');
    await writeFile(rules, 'groups:\n  - name: t\n    rules:\n      - record: test:up:sum\n        expr: sum(up)\n');
    prometheus = await PrivatePrometheus.start({
      configYaml: 'global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs: []\n',
      rulesFiles: [rules],
    });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers instant queries and evaluates the rule files given', async () => {
    const data = await prometheus.query('vector(1) + 1');
    expect(data.resultType).toBe('vector');
    expect(data.result[0].value[1]).toBe('2');
    // The recording rule runs every second: sum(up) over no targets is an empty vector, so
    // the rule group's presence is what shows the file was loaded.
    const response = await fetch(`${prometheus.url}/api/v1/rules`);
    const body = (await response.json()) as any;
    expect(body.data.groups.map((g: any) => g.rules[0].name)).toEqual(['test:up:sum']);
    await waitFor('one evaluation', async () => {
      const again = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as any;
      return again.data.groups[0].lastEvaluation !== '0001-01-01T00:00:00Z';
    });
  });

  it('names the parse error of bad PromQL', async () => {
    await expect(prometheus.query('sum(rate(x[5m])')).rejects.toThrow(PrometheusApiError);
    await expect(prometheus.query('sum(rate(x[5m])')).rejects.toThrow(/bad_data/);
  });
});
