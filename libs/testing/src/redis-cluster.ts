import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster } from 'ioredis';
import { waitFor } from './ports';

const run = promisify(execFile);

/** Redis Cluster's bus port is the client port + 10000: both must be free. */
const BUS_OFFSET = 10_000;

/** Whether 127.0.0.1:`port` can be bound right now. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `count` client ports, each free with its bus port, below the ephemeral range (so port + 10000 stays a valid port). */
async function clusterPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let tries = 0; ports.length < count; tries++) {
    if (tries > 500) throw new Error(`no ${count} free port pairs (port, port + ${BUS_OFFSET}) found between 20000 and 30000`);
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if (ports.some((p) => Math.abs(p - port) < 2)) continue;
    if ((await bindable(port)) && (await bindable(port + BUS_OFFSET))) ports.push(port);
  }
  return ports;
}

/**
 * A real Redis Cluster of three local masters (no replicas) on spare ports,
 * for tests and benches that run the platform on a cluster: each node is a
 * `redis-server --cluster-enabled yes` keeping nothing on disk but its
 * cluster config (in a temporary folder removed at stop), joined with
 * `redis-cli --cluster create`. Never touches the shared Redis.
 */
export class PrivateRedisCluster {
  private readonly processes: ChildProcess[] = [];
  private readonly logs = new Map<number, string[]>();

  private constructor(
    readonly ports: number[],
    private readonly dir: string,
  ) {}

  static async start(masters = 3): Promise<PrivateRedisCluster> {
    const cluster = new PrivateRedisCluster(await clusterPorts(masters), mkdtempSync(join(tmpdir(), 'companyos-redis-cluster-')));
    try {
      await cluster.boot();
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  /** REDIS_CLUSTER_NODES for the apps: `127.0.0.1:P1,127.0.0.1:P2,…`. */
  get nodes(): string {
    return this.ports.map((port) => `127.0.0.1:${port}`).join(',');
  }

  /** A cluster client (BullMQ-ready: no retry limit per command); the caller disconnects it. */
  client(): Cluster {
    return new Cluster(
      this.ports.map((port) => ({ host: '127.0.0.1', port })),
      { redisOptions: { maxRetriesPerRequest: null }, clusterRetryStrategy: () => 200 },
    );
  }

  /** The last lines a node printed (for a failing test's message). */
  logTail(port: number, lines = 20): string {
    return (this.logs.get(port) ?? []).slice(-lines).join('\n');
  }

  private async boot(): Promise<void> {
    for (const port of this.ports) {
      const child = spawn(
        'redis-server',
        [
          '--port', String(port),
          '--bind', '127.0.0.1',
          '--cluster-enabled', 'yes',
          '--cluster-config-file', join(this.dir, `nodes-${port}.conf`),
          '--cluster-node-timeout', '5000',
          '--dir', this.dir,
          '--save', '',
          '--appendonly', 'no',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const log: string[] = [];
      this.logs.set(port, log);
      const keep = (chunk: Buffer) => log.push(...chunk.toString().split('\n').filter(Boolean));
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      this.processes.push(child);
    }
    for (const [i, port] of this.ports.entries()) {
      await waitFor(`redis-server --cluster-enabled on ${port}`, async () => {
        if (this.processes[i].exitCode !== null) throw new Error(`redis-server on ${port} exited:\n${this.logTail(port)}`);
        const { stdout } = await run('redis-cli', ['-p', String(port), 'ping'], { timeout: 2_000 });
        return stdout.trim() === 'PONG';
      });
    }
    await run('redis-cli', ['--cluster', 'create', ...this.ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'], {
      timeout: 30_000,
    });
    // Every node must agree that all 16384 slots are served before a client can rely on the slot map.
    for (const port of this.ports) {
      await waitFor(`cluster_state:ok on ${port}`, async () => {
        const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info'], { timeout: 2_000 });
        return /cluster_state:ok/.test(stdout) && /cluster_slots_assigned:16384/.test(stdout);
      }, 30_000, 200);
    }
  }

  /** The keys matching `pattern` on each node (port → keys), read with SCAN on each node directly. */
  async keysByNode(pattern: string): Promise<Map<number, string[]>> {
    const byNode = new Map<number, string[]>();
    for (const port of this.ports) {
      const { stdout } = await run('redis-cli', ['-p', String(port), '--scan', '--pattern', pattern], { timeout: 10_000, maxBuffer: 64 * 1024 * 1024 });
      byNode.set(port, stdout.split('\n').filter(Boolean));
    }
    return byNode;
  }

  /** Stops every node (SIGKILL: nothing to keep) and removes the temporary folder. */
  async stop(): Promise<void> {
    await Promise.all(
      this.processes.map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        return exited;
      }),
    );
    this.processes.length = 0;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
