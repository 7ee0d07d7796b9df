import { copyFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { findOnPath, PrivateServer, privateServerPlace } from './private-server';

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

/**
 * A real Prometheus (the Debian package `prometheus`) on a spare port, with its
 * config, rules and TSDB in a fresh temp dir. Its log is kept for failure messages.
 */
export class PrivatePrometheus extends PrivateServer {
  private constructor(port: number, dir: string) {
    super('Prometheus', port, dir, 5_000);
  }

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
    const { port, dir } = await privateServerPlace('prometheus');
    const prometheus = new PrivatePrometheus(port, dir);
    return prometheus.launch(binary, () => prometheus.configure(options), 30_000);
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

  /** Writes its config (with `rule_files` copied in) and answers its command line. */
  private async configure(options: PrometheusOptions): Promise<string[]> {
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
    return [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(this.dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${this.port}`,
      `--web.external-url=${this.url}`,
    ];
  }
}
