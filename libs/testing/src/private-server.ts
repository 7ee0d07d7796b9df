import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort, waitFor } from './ports';

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

/** A spare port and a fresh temp dir (`companyos-<name>-…`) for a private server. */
export async function privateServerPlace(name: string): Promise<{ port: number; dir: string }> {
  return { port: await freePort(), dir: await mkdtemp(join(tmpdir(), `companyos-${name}-`)) };
}

/**
 * A real server binary from a Debian package (Prometheus, Alertmanager) that a
 * test runs on a spare port, its files in a fresh temp dir: spawned, waited for
 * until `GET /-/ready` answers, stopped (SIGTERM, then SIGKILL) with its dir
 * removed. Its log is kept for failure messages.
 */
export abstract class PrivateServer {
  private child?: ChildProcess;
  /** Set once the process is gone: how it ended. */
  private exit?: string;
  readonly log: string[] = [];

  protected constructor(
    /** How failure messages name it ("Prometheus"). */
    private readonly title: string,
    readonly port: number,
    readonly dir: string,
    private readonly stopGraceMs: number,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The last `lines` lines it logged, for a failure message. */
  logTail(lines = 30): string {
    return this.log.slice(-lines).join('\n');
  }

  /** SIGTERM, SIGKILL if it is still running after `graceMs`; then removes the temp dir. */
  async stop(graceMs = this.stopGraceMs): Promise<void> {
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

  /** Runs `prepare` then spawns `binary args`, ready once `/-/ready` answers within `readyTimeoutMs`; on any failure it is stopped and the error carries its log. */
  protected async launch(binary: string, prepare: () => Promise<string[]>, readyTimeoutMs: number): Promise<this> {
    try {
      const args = await prepare();
      const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      this.child = child;
      const keep = (chunk: Buffer) => this.log.push(...chunk.toString().split('\n').filter(Boolean));
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      child.once('exit', (code, signal) => (this.exit = `exited with ${code ?? signal}`));
      child.once('error', (error) => (this.exit = `could not run ${binary}: ${error.message}`));

      const outcome = await waitFor(`${this.title} /-/ready on ${this.url}`, async () => {
        if (this.exit !== undefined) return 'exited';
        const response = await fetch(`${this.url}/-/ready`);
        return response.ok && 'ready';
      }, readyTimeoutMs).catch((error: Error) => {
        throw new Error(`${error.message}\n${this.title}'s log:\n${this.logTail()}`);
      });
      if (outcome === 'exited') throw new Error(`${this.title} ${this.exit}:\n${this.logTail()}`);
    } catch (error) {
      await this.stop();
      throw error;
    }
    return this;
  }
}
