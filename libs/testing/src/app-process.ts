import { TEST_SUBGRAPH_SECRET } from './test-app';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { waitFor } from './ports';
import { testEnv } from './test-env';

/** The repository root (the nearest folder up with a package.json), whether this runs from source or from dist. */
function repositoryRoot(from: string): string {
  return existsSync(join(from, 'package.json')) ? from : repositoryRoot(dirname(from));
}
const ROOT = repositoryRoot(__dirname);


/** A built script of an app: `dist/apps/<app>/src/<file>`. */
export const distScript = (app: string, file: string) => join(ROOT, 'dist', 'apps', app, 'src', file);

/**
 * One built app (`dist/apps/<name>/src/main.js`) running as its own process,
 * the way the platform runs it. Its log is kept for the test's failure output.
 */
export class AppProcess {
  private child?: ChildProcess;
  readonly log: string[] = [];

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get pid() {
    return this.child?.pid;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const child = spawn(process.execPath, [distScript(this.name, 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', SUBGRAPH_SECRET: TEST_SUBGRAPH_SECRET, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => this.log.push(...chunk.toString().split('\n').filter(Boolean));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    try {
      await waitFor(`${this.name} /health on ${this.port}`, async () => {
        if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}:\n${this.log.slice(-20).join('\n')}`);
        const response = await fetch(`${this.url}/health`);
        return response.ok;
      }, testEnv.appStartTimeoutMs);
    } catch (error) {
      // Never leave a process that did not come up behind; show what it last said.
      await this.stop('SIGKILL');
      throw new Error(`${(error as Error).message}\n${this.name} last logged:\n${this.log.slice(-10).join('\n')}`);
    }
    return this;
  }

  /** A new process of the same app, port and settings (start it after this one stopped). */
  restarted(): Promise<AppProcess> {
    return new AppProcess(this.name, this.port, this.env).start();
  }

  /** A process of the same app and settings (plus `env`) on another port: a replica (start it). */
  sibling(port: number, env: Record<string, string> = {}): AppProcess {
    return new AppProcess(this.name, port, { ...this.env, ...env });
  }

  /** SIGTERM (graceful) or SIGKILL (a crash); resolves once the process is gone. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}
