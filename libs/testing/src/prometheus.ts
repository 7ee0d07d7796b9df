import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { freePort, waitFor } from './ports';

/** The Debian package that ships the binary (`/usr/bin/prometheus`). */
export const PROMETHEUS_PACKAGE = 'prometheus';

export interface PrometheusOptions {
  /** prometheus.yml as text (global settings, scrape_configs…); `rule_files` is set from `rulesFiles`. */
  configYaml: string;
  /** Paths of rule files to load (copied next to the config). */
  rulesFiles?: string[];
}

/** One sample of an instant vector, as Prometheus' HTTP API answers it. */
export interface PrometheusSample {
  metric: Record<string, string>;
  value: [number, string];
}

/**
 * A real Prometheus (the Debian package `prometheus`) on a spare port, its
 * config, rules and TSDB in a fresh temp dir. Its log is kept for failure
 * messages.
 */
export class PrivatePrometheus {
  private child?: ChildProcess;
  private exit?: string;
  readonly log: string[] = [];

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  /** The Prometheus binary on PATH. */
  static binary(): string {
    for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
      const candidate = join(dir, 'prometheus');
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
    throw new Error(`Prometheus is not installed (no prometheus on PATH): sudo apt-get install ${PROMETHEUS_PACKAGE}; scripts/test.sh installs it when it can`);
  }

  static async start(options: PrometheusOptions): Promise<PrivatePrometheus> {
    const binary = PrivatePrometheus.binary();
    const prometheus = new PrivatePrometheus(await freePort(), await mkdtemp(join(tmpdir(), 'companyos-prometheus-')));
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

  logTail(lines = 30): string {
    return this.log.slice(-lines).join('\n');
  }

  /** An instant query now; the vector's samples, or an error with Prometheus' reason. */
  async query(promql: string): Promise<PrometheusSample[]> {
    const response = await fetch(`${this.url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: promql }),
      signal: AbortSignal.timeout(10_000),
    });
    const reply = (await response.json()) as { status: string; error?: string; data?: { resultType: string; result: unknown } };
    if (reply.status !== 'success') throw new Error(`Prometheus refused ${promql}: ${reply.error}`);
    if (reply.data?.resultType === 'scalar') {
      const [time, value] = reply.data.result as [number, string];
      return [{ metric: {}, value: [time, value] }];
    }
    return reply.data?.result as PrometheusSample[];
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
      const copy = join(this.dir, `${i}-${basename(file)}`);
      await copyFile(file, copy);
      rules.push(copy);
    }
    if (rules.length) config.rule_files = rules;
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
