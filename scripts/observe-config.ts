import { stringify } from 'yaml';

/** The scrape job every CompanyOS app is in; ops/prometheus/rules.yml selects `job="companyos"`. */
export const SCRAPE_JOB = 'companyos';

/** Where the gateway accepts Alertmanager webhooks (apps/gateway, bearer ALERTMANAGER_WEBHOOK_TOKEN). */
export const ALERTMANAGER_WEBHOOK_PATH = '/api/companyos/prometheus-webhook';

/** The apps of `npm start` (scripts/up.sh) and their default ports. */
export const DEFAULT_APP_PORTS: Readonly<Record<string, number>> = {
  gateway: 4000,
  incidents: 4001,
  deployments: 4002,
  alerts: 4003,
  runbooks: 4004,
  knowledge: 4005,
  builds: 4006,
  access: 4007,
};

/** One app to scrape: its name (the `service` label of all its series) and `host:port`. */
export interface ScrapeTarget {
  service: string;
  address: string;
}

export interface PrometheusConfigOptions {
  targets: ScrapeTarget[];
  /** `host:port` of the Alertmanager that Prometheus sends its alerts to. */
  alertmanager: string;
  /** Default `15s`. */
  scrapeInterval?: string;
  /** Default `15s`. */
  evaluationInterval?: string;
  /** Paths of the rule files (ops/prometheus/rules.yml). */
  ruleFiles?: string[];
}

/**
 * prometheus.yml: one job, `companyos`, with one static target per app, each
 * labelled `service: <app>` so every series (and so every alert) names its app.
 */
export function prometheusConfig(options: PrometheusConfigOptions): Record<string, unknown> {
  const interval = options.scrapeInterval ?? '15s';
  return {
    global: {
      scrape_interval: interval,
      scrape_timeout: shorterTimeout(interval),
      evaluation_interval: options.evaluationInterval ?? '15s',
    },
    rule_files: options.ruleFiles ?? [],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [options.alertmanager] }] }] },
    scrape_configs: [
      {
        job_name: SCRAPE_JOB,
        metrics_path: '/metrics',
        static_configs: options.targets.map((target) => ({ targets: [target.address], labels: { service: target.service } })),
      },
    ],
  };
}

export interface AlertmanagerConfigOptions {
  /** The gateway's base URL (`http://127.0.0.1:4000`): alerts go to its ALERTMANAGER_WEBHOOK_PATH. */
  gatewayUrl: string;
  /** The gateway's ALERTMANAGER_WEBHOOK_TOKEN, sent as `Authorization: Bearer`. */
  token: string;
  /** Default `10s`. */
  groupWait?: string;
  /** Default `1m`. */
  groupInterval?: string;
  /** Default `4h`. */
  repeatInterval?: string;
}

/** alertmanager.yml: every alert, grouped by alert name and service, to the platform's own webhook, resolutions included. */
export function alertmanagerConfig(options: AlertmanagerConfigOptions): Record<string, unknown> {
  return {
    route: {
      receiver: 'companyos',
      group_by: ['alertname', 'service'],
      group_wait: options.groupWait ?? '10s',
      group_interval: options.groupInterval ?? '1m',
      repeat_interval: options.repeatInterval ?? '4h',
    },
    receivers: [
      {
        name: 'companyos',
        webhook_configs: [
          {
            url: `${options.gatewayUrl.replace(/\/+$/, '')}${ALERTMANAGER_WEBHOOK_PATH}`,
            send_resolved: true,
            http_config: { authorization: { type: 'Bearer', credentials: options.token } },
          },
        ],
      },
    ],
  };
}

/** YAML of a config object, as the binaries read it. */
export const toYaml = (config: Record<string, unknown>) => stringify(config);

/** Prometheus refuses a scrape_timeout above the interval; 10s is its default, shorter intervals get the interval itself. */
function shorterTimeout(interval: string): string {
  const match = /^(\d+)(ms|s|m)$/.exec(interval);
  if (!match) return interval;
  const ms = Number(match[1]) * (match[2] === 'ms' ? 1 : match[2] === 's' ? 1_000 : 60_000);
  return ms >= 10_000 ? '10s' : interval;
}
