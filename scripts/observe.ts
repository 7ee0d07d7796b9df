/**
 * `npm run observe`: the platform watching itself, next to a running `npm start`.
 *
 * Starts a real Prometheus (Debian `prometheus`) scraping every app's /metrics
 * with ops/prometheus/rules.yml, and a real Alertmanager (Debian
 * `prometheus-alertmanager`) whose one receiver is the platform's own webhook
 * (the gateway's /api/companyos/prometheus-webhook). Their generated configs
 * and data live under .run/observe/. Ctrl-C / SIGTERM stops both; if either
 * exits, the other is stopped and this exits non-zero.
 *
 * Environment (defaults): OBSERVE_HOST [127.0.0.1] where the apps listen,
 * GATEWAY_URL [http://<OBSERVE_HOST>:4000], PROMETHEUS_PORT [9090],
 * ALERTMANAGER_PORT [9093], SCRAPE_INTERVAL [15s], EVALUATION_INTERVAL [15s],
 * ALERTMANAGER_WEBHOOK_TOKEN [dev-alertmanager-token outside production, as `npm start`].
 */
import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { alertmanagerConfig, DEFAULT_APP_PORTS, prometheusConfig, toYaml } from './observe-config';

const ROOT = resolve(__dirname, existsSync(join(__dirname, '..', 'package.json')) ? '..' : '../..');
const RUN_DIR = join(ROOT, '.run', 'observe');
const RULES = join(ROOT, 'ops', 'prometheus', 'rules.yml');
const READY_TIMEOUT_MS = 30_000;

function binary(names: string[], pkg: string): string {
  for (const name of names) {
    for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // not here
      }
    }
  }
  throw new Error(`${names[0]} is not installed (none of ${names.join(', ')} is on PATH): sudo apt-get install ${pkg}`);
}

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a TCP port (1–65535), got ${JSON.stringify(raw)}`);
  return value;
}

function token(): string {
  const set = process.env.ALERTMANAGER_WEBHOOK_TOKEN;
  if (set) return set;
  if (process.env.NODE_ENV === 'production') throw new Error('ALERTMANAGER_WEBHOOK_TOKEN must be set when NODE_ENV=production');
  return 'dev-alertmanager-token';
}

const say = (line: string) => process.stdout.write(`[observe] ${line}\n`);

function run(name: string, file: string, args: string[]): ChildProcess {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((line) => process.stdout.write(`[${name}] ${line}\n`));
  child.stdout?.on('data', prefix);
  child.stderr?.on('data', prefix);
  return child;
}

async function ready(name: string, url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    try {
      if ((await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 300));
  }
  throw new Error(`${name} did not answer ${url}/-/ready within ${READY_TIMEOUT_MS / 1000} s`);
}

async function main() {
  const host = process.env.OBSERVE_HOST || '127.0.0.1';
  const gatewayUrl = process.env.GATEWAY_URL || `http://${host}:${DEFAULT_APP_PORTS.gateway}`;
  const prometheusPort = port('PROMETHEUS_PORT', 9090);
  const alertmanagerPort = port('ALERTMANAGER_PORT', 9093);
  const webhookToken = token();
  const prometheusBin = binary(['prometheus'], 'prometheus');
  const alertmanagerBin = binary(['prometheus-alertmanager', 'alertmanager'], 'prometheus-alertmanager');

  mkdirSync(RUN_DIR, { recursive: true });
  const prometheusFile = join(RUN_DIR, 'prometheus.yml');
  const alertmanagerFile = join(RUN_DIR, 'alertmanager.yml');
  writeFileSync(
    prometheusFile,
    toYaml(
      prometheusConfig({
        targets: Object.entries(DEFAULT_APP_PORTS).map(([service, appPort]) => ({ service, address: `${host}:${appPort}` })),
        alertmanager: `127.0.0.1:${alertmanagerPort}`,
        scrapeInterval: process.env.SCRAPE_INTERVAL || '15s',
        evaluationInterval: process.env.EVALUATION_INTERVAL || '15s',
        ruleFiles: [RULES],
      }),
    ),
  );
  // The token is a secret: the file is readable by its owner only.
  writeFileSync(alertmanagerFile, toYaml(alertmanagerConfig({ gatewayUrl, token: webhookToken })), { mode: 0o600 });

  const alertmanagerUrl = `http://127.0.0.1:${alertmanagerPort}`;
  const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
  const children: [string, ChildProcess][] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      children.map(([, child]) => {
        if (child.exitCode !== null || child.signalCode !== null) return undefined;
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        return exited.then(() => clearTimeout(timer));
      }),
    );
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      say(`stopping (${signal})`);
      void stopAll(0);
    });
  }

  const alertmanager = run('alertmanager', alertmanagerBin, [
    `--config.file=${alertmanagerFile}`,
    `--storage.path=${join(RUN_DIR, 'alertmanager-data')}`,
    `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
    `--web.external-url=${alertmanagerUrl}`,
    '--cluster.listen-address=',
  ]);
  children.push(['alertmanager', alertmanager]);
  const prometheus = run('prometheus', prometheusBin, [
    `--config.file=${prometheusFile}`,
    `--storage.tsdb.path=${join(RUN_DIR, 'prometheus-data')}`,
    '--storage.tsdb.retention.time=15d',
    `--web.listen-address=127.0.0.1:${prometheusPort}`,
    `--web.external-url=${prometheusUrl}`,
  ]);
  children.push(['prometheus', prometheus]);
  for (const [name, child] of children) {
    child.once('exit', (code, signal) => {
      if (stopping) return;
      say(`ERROR: ${name} exited (${code ?? signal}); stopping`);
      void stopAll(1);
    });
  }

  try {
    await ready('Alertmanager', alertmanagerUrl, alertmanager);
    await ready('Prometheus', prometheusUrl, prometheus);
  } catch (error) {
    say(`ERROR: ${(error as Error).message}`);
    await stopAll(1);
    return;
  }
  say(`Prometheus ${prometheusUrl} scrapes ${Object.keys(DEFAULT_APP_PORTS).length} apps with ${RULES}`);
  say(`Alertmanager ${alertmanagerUrl} sends to ${gatewayUrl}/api/companyos/prometheus-webhook`);
  say(`configs in ${RUN_DIR}   (Ctrl-C to stop)`);
}

main().catch((error: Error) => {
  say(`ERROR: ${error.message}`);
  process.exit(1);
});
