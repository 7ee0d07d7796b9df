import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { findOnPath, PrivateServer, privateServerPlace } from './private-server';

/** The Debian package that ships the binary (`/usr/bin/prometheus-alertmanager`). */
export const ALERTMANAGER_PACKAGE = 'prometheus-alertmanager';

/** One alert as Alertmanager's own API takes it (`POST /api/v2/alerts`, a "postable alert"). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

export interface AlertmanagerOptions {
  /** Where the single receiver `companyos` delivers its webhooks. */
  webhookUrl: string;
  /** Sent as `Authorization: Bearer <token>` with every webhook. */
  bearerToken: string;
  /** Default `['alertname', 'service']`. */
  groupBy?: string[];
  /**
   * Default `1s`: how long a new group waits before its first notification (skipped
   * when the alert's `startsAt` is already older than that, as Alertmanager does).
   */
  groupWait?: string;
  /** Default `1s`: how often a group is re-evaluated (and a change, such as a resolution, sent). */
  groupInterval?: string;
  /**
   * Default `500ms`: how soon an unchanged firing group is sent again. Alertmanager
   * accepts any duration above zero but only checks at group_interval ticks, so
   * anything below group_interval means "again at every tick" (`1s` would mean every
   * other tick: the previous send lands a few ms after its tick). Say `1h` for a
   * test that counts deliveries.
   */
  repeatInterval?: string;
}

/**
 * A real Alertmanager (the Debian package `prometheus-alertmanager`) on a spare
 * port, clustering off, its config and storage in a fresh temp dir. It sends
 * every alert to one webhook receiver, `companyos`, with a bearer token and
 * `send_resolved: true`, on timings short enough for tests. Its log is kept
 * for failure messages.
 */
export class PrivateAlertmanager extends PrivateServer {
  private constructor(
    port: number,
    dir: string,
    readonly config: Record<string, unknown>,
  ) {
    super('Alertmanager', port, dir, 3_000);
  }

  /** The Alertmanager binary on PATH (`prometheus-alertmanager` on Debian, `alertmanager` upstream). */
  static binary(): string {
    const found = findOnPath(['prometheus-alertmanager', 'alertmanager']);
    if (found) return found;
    throw new Error(
      `Alertmanager is not installed (neither prometheus-alertmanager nor alertmanager is on PATH): ` +
        `install the Debian package ${ALERTMANAGER_PACKAGE} (sudo apt-get install ${ALERTMANAGER_PACKAGE}); ` +
        `scripts/test.sh installs it when it can`,
    );
  }

  static async start(options: AlertmanagerOptions): Promise<PrivateAlertmanager> {
    const binary = PrivateAlertmanager.binary();
    const { port, dir } = await privateServerPlace('alertmanager');
    const alertmanager = new PrivateAlertmanager(port, dir, PrivateAlertmanager.configFor(options));
    return alertmanager.launch(binary, () => alertmanager.configure(), 20_000);
  }

  /** The config this harness writes: one route, one webhook receiver. */
  static configFor(options: AlertmanagerOptions): Record<string, unknown> {
    return {
      route: {
        receiver: 'companyos',
        group_by: options.groupBy ?? ['alertname', 'service'],
        group_wait: options.groupWait ?? '1s',
        group_interval: options.groupInterval ?? '1s',
        repeat_interval: options.repeatInterval ?? '500ms',
      },
      receivers: [
        {
          name: 'companyos',
          webhook_configs: [
            {
              url: options.webhookUrl,
              send_resolved: true,
              http_config: { authorization: { type: 'Bearer', credentials: options.bearerToken } },
            },
          ],
        },
      ],
    };
  }

  /** Posts alerts to Alertmanager's API, as Prometheus does; throws with the response body unless 2xx. */
  async postAlerts(alerts: PostableAlert[]): Promise<void> {
    const response = await fetch(`${this.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
    });
    if (!response.ok) {
      throw new Error(`Alertmanager rejected the alerts: ${response.status} ${await response.text()}`);
    }
  }

  /** Resolves alerts: posts them again (same labels) with `endsAt` = now, as Prometheus does. */
  resolveAlerts(alerts: PostableAlert[]): Promise<void> {
    const now = new Date().toISOString();
    return this.postAlerts(alerts.map((alert) => ({ ...alert, endsAt: now })));
  }

  /** Writes its config and answers its command line (clustering off). */
  private async configure(): Promise<string[]> {
    const configFile = join(this.dir, 'alertmanager.yml');
    await writeFile(configFile, stringify(this.config));
    return [
      `--config.file=${configFile}`,
      `--storage.path=${join(this.dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${this.port}`,
      `--web.external-url=${this.url}`,
      '--cluster.listen-address=',
    ];
  }
}
