import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { freePort, waitFor } from './ports';

/** The Debian package that ships the binaries (`/usr/bin/prometheus`, `/usr/bin/promtool`). */
export const PROMETHEUS_PACKAGE = 'prometheus';

export interface PrometheusOptions {
  /**
   * The Prometheus config (prometheus.yml) as YAML: `global` (scrape and evaluation
   * intervals), `scrape_configs`, `alerting`. Its `rule_files` are replaced by `rulesFiles`.
   */
  configYaml: string;
  /** Paths of rule files to load (copied into the instance's temp dir). */
  rulesFiles?: string[];
}

/** One series of an instant query's vector result. */
export interface PrometheusSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** What `/api/v1/query` answers in `data`. */
export interface PrometheusQueryData {
  resultType: 'vector' | 'matrix' | 'scalar' | 'string';
  result: any;
}

/** An error answer of Prometheus' HTTP API (`errorType` is e.g. `bad_data` for a parse error). */
export class PrometheusApiError extends Error {
  constructor(
    readonly errorType: string,
    readonly detail: string,
    readonly promql: string,
  ) {
    super(`Prometheus refused ${JSON.stringify(promql)}: ${errorType}: ${detail}`);
  }
}

/** An executable on PATH, first of `names`; undefined if none is there. */
export function findOnPath(names: string[]): string | undefined {
  for (const name of names) {
    for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/**
 * A real Prometheus (the Debian package `prometheus`) on a spare port, with its
 * config, rules and TSDB in a fresh temp dir. Its log is kept for failure messages.
 */
export class PrivatePrometheus {
  private child?: ChildProcess;
  /** Set once the process is gone: how it ended. */
  private exit?: string;
  readonly log: string[] = [];

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  /** The Prometheus binary on PATH. */
  static binary(): string {
    const found = findOnPath(['prometheus']);
    if (!found) {
      throw new Error(
        `Prometheus is not installed (prometheus is not on PATH): install the Debian package ${PROMETHEUS_PACKAGE} ` +
          `(sudo apt-get install ${PROMETHEUS_PACKAGE}); scripts/test.sh installs it when it can`,
      );
    }
    return found;
  }

  static async start(options: PrometheusOptions): Promise<PrivatePrometheus> {
    const binary = PrivatePrometheus.binary();
    const dir = await mkdtemp(join(tmpdir(), 'companyos-prometheus-'));
    const prometheus = new PrivatePrometheus(await freePort(), dir);
    try {
      await prometheus.run(binary, options);
    } catch (error) {
      await prometheus.stop();
      throw error;
    }
    return prometheus;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The last `lines` lines Prometheus logged, for a failure message. */
  logTail(lines = 30): string {
    return this.log.slice(-lines).join('\n');
  }

  /** An instant query (`GET /api/v1/query`); throws PrometheusApiError when Prometheus refuses it. */
  async query(promql: string): Promise<PrometheusQueryData> {
    const response = await fetch(`${this.url}/api/v1/query?${new URLSearchParams({ query: promql })}`, {
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { status: string; data?: PrometheusQueryData; errorType?: string; error?: string };
    if (body.status !== 'success' || !body.data) throw new PrometheusApiError(body.errorType ?? String(response.status), body.error ?? '', promql);
    return body.data;
  }

  /** The alerts Prometheus' rules currently hold (`GET /api/v1/alerts`): pending and firing. */
  async alerts(): Promise<{ labels: Record<string, string>; annotations: Record<string, string>; state: string }[]> {
    const response = await fetch(`${this.url}/api/v1/alerts`, { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json()) as { data: { alerts: any[] } };
    return body.data.alerts;
  }

  /** SIGTERM, SIGKILL if it is still running after `graceMs`; then removes the temp dir. */
  async stop(graceMs = 5_000): Promise<void> {
    const child = this.child;
    if (child && this.exit === undefined) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    this.child = undefined;
    await rm(this.dir, { recursive: true, force: true });
  }

  private async run(binary: string, options: PrometheusOptions): Promise<void> {
    const config = (parse(options.configYaml) ?? {}) as Record<string, unknown>;
    const rules: string[] = [];
    for (const [i, file] of (options.rulesFiles ?? []).entries()) {
      const copy = join(this.dir, `rules-${i}-${basename(file)}`);
      await copyFile(file, copy);
      rules.push(copy);
    }
    config.rule_files = rules;
    const configFile = join(this.dir, 'prometheus.yml');
    await writeFile(configFile, stringify(config));
    const child = spawn(
      binary,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(this.dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${this.port}`,
        `--web.external-url=${this.url}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    const keep = (chunk: Buffer) => this.log.push(...chunk.toString().split('\n').filter(Boolean));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => (this.exit = `exited with ${code ?? signal}`));
    child.once('error', (error) => (this.exit = `could not run ${binary}: ${error.message}`));

    const outcome = await waitFor(`Prometheus /-/ready on ${this.url}`, async () => {
      if (this.exit !== undefined) return 'exited';
      const response = await fetch(`${this.url}/-/ready`);
      return response.ok && 'ready';
    }, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\nPrometheus' log:\n${this.logTail()}`);
    });
    if (outcome === 'exited') throw new Error(`Prometheus ${this.exit}:\n${this.logTail()}`);
  }
}
