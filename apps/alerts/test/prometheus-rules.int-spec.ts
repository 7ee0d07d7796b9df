import { PrivatePrometheus, waitFor } from '@companyos/testing';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { prometheusRulesYaml } from '../src/slos/prometheus-rules.rules';
import { parseSloConfig } from '../src/slos/slo-config';

const PROMTOOL = '/usr/bin/promtool';
const run = promisify(execFile);

/** The rules of each SLO of the repository's slo-config.yaml, as GET /api/companyos/slos/:name/prometheus-rules exports them. */
const shipped = () => {
  const file = join(__dirname, '..', '..', '..', 'slo-config.yaml');
  return parseSloConfig(readFileSync(file, 'utf8'), file).map((slo) =>
    prometheusRulesYaml({ ...slo, sli: { errorQuery: slo.sliErrorQuery!, totalQuery: slo.sliTotalQuery! } }),
  );
};

/**
 * Prometheus itself judges the exported rule files: `promtool check rules`
 * (PromQL parsed, names and labels checked) when the Debian package ships it,
 * else a real Prometheus must load them.
 */
describe('exported SLO rules are valid Prometheus rule files', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'companyos-slo-rules-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Writes `yaml` to a file and has Prometheus check it: null when valid, else what it said. */
  const check = async (name: string, yaml: string): Promise<string | null> => {
    const file = join(dir, name);
    await writeFile(file, yaml);
    if (existsSync(PROMTOOL)) {
      try {
        const { stdout } = await run(PROMTOOL, ['check', 'rules', file]);
        expect(stdout).toContain('SUCCESS');
        return null;
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? '') + String((error as { stderr?: string }).stderr ?? '');
      }
    }
    let prometheus: PrivatePrometheus | undefined;
    try {
      prometheus = await PrivatePrometheus.start({ configYaml: 'global: { evaluation_interval: 1s }', rulesFiles: [file] });
      const groups = await waitFor('the rules loaded', async () => {
        const reply = (await (await fetch(`${prometheus!.url}/api/v1/rules`)).json()) as { data: { groups: unknown[] } };
        return reply.data.groups.length ? reply.data.groups : null;
      });
      expect(groups).toHaveLength(3);
      return null;
    } catch (error) {
      return (error as Error).message;
    } finally {
      await prometheus?.stop();
    }
  };

  it("passes for the platform's own SLOs (gateway availability and p95 latency)", async () => {
    const files = shipped();
    expect(files).toHaveLength(2);
    for (const [i, yaml] of files.entries()) {
      expect(await check(`shipped-${i}.yml`, yaml)).toBeNull();
    }
  });

  it('fails for a broken query, so the check can fail', async () => {
    const broken = prometheusRulesYaml({
      name: 'broken',
      service: 'shop',
      objective: 0.99,
      windowDays: 30,
      sli: { errorQuery: 'sum(rate(x[{{.window}}]) +', totalQuery: 'x' },
    });
    expect(await check('broken.yml', broken)).toMatch(/parse error|unexpected/i);
  }, 60_000);
});
