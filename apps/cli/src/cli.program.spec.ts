import { runCli } from './cli.program';
import { ExitCode } from './cli-errors';

/** Runs the CLI with an answering function in place of the network; records what was sent and printed. */
async function cli(argv: string[], answer: (body: any) => unknown = () => ({ data: {} }), env: Record<string, string> = {}) {
  const sent: { url: string; headers: Headers; body: any }[] = [];
  let stdout = '';
  let stderr = '';
  const fetchImpl = (async (url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body));
    sent.push({ url, headers: new Headers(init.headers), body });
    return new Response(JSON.stringify(answer(body)), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  const code = await runCli(argv, {
    env: { XDG_CONFIG_HOME: '/nonexistent-companyos-test', COMPANYOS_URL: 'http://gw.test/', COMPANYOS_TOKEN: 'cos_test', ...env },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readStdin: async () => '',
    fetch: fetchImpl,
  });
  return { code, stdout, stderr, sent };
}

const deployment = { id: 'd-1', serviceName: 'api', version: 'v2.4.0', environment: 'PRODUCTION', status: 'IN_PROGRESS', deployedBy: 'ana', commitSha: null, githubRunUrl: null, startedAt: 's', finishedAt: null, leadTimeSeconds: null };

describe('the companyos command line', () => {
  it('posts to <url>/graphql with the bearer token, and --json prints only the JSON, before or after the command', async () => {
    const answer = () => ({ data: { firingAlerts: [] } });
    for (const argv of [['--json', 'alerts', 'firing'], ['alerts', 'firing', '--json']]) {
      const run = await cli(argv, answer);
      expect(run).toMatchObject({ code: 0, stdout: '[]\n', stderr: '' });
      expect(run.sent[0].url).toBe('http://gw.test/graphql');
      expect(run.sent[0].headers.get('authorization')).toBe('Bearer cos_test');
    }
    expect((await cli(['alerts', 'firing'], answer)).stdout).toBe('(none)\n');
  });

  it('deploy start --version is the deployment’s version, not the CLI’s', async () => {
    const run = await cli(['deploy', 'start', '--service', 'api', '--version', 'v2.4.0', '--deployed-by', 'ana', '--json'], () => ({ data: { createDeployment: deployment } }));
    expect(run.code).toBe(0);
    expect(run.sent[0].body.variables.input).toEqual({ serviceName: 'api', version: 'v2.4.0', environment: 'PRODUCTION', deployedBy: 'ana' });
    expect(JSON.parse(run.stdout)).toEqual(deployment);
  });

  it('exits 2 on bad arguments without calling the gateway, naming the problem on stderr', async () => {
    const unknown = await cli(['incidents', 'list', '--colour']);
    expect(unknown.code).toBe(ExitCode.Usage);
    expect(unknown.stderr).toContain("companyos: error: unknown option '--colour'");
    const missing = await cli(['incidents', 'declare', '--title', 'x']);
    expect(missing.code).toBe(ExitCode.Usage);
    expect(missing.stderr).toContain("required option '--severity <severity>' not specified");
    const invalid = await cli(['incidents', 'declare', '--title', 'x', '--severity', 'sev9']);
    expect(invalid).toMatchObject({ code: ExitCode.Usage, stdout: '', sent: [] });
    expect(invalid.stderr).toBe('companyos: --severity must be one of sev1, sev2, sev3, sev4, not "sev9"\n');
    expect((await cli(['incidents'])).code).toBe(ExitCode.Usage);
    expect((await cli(['frobnicate'])).code).toBe(ExitCode.Usage);
  });

  it('exits 0 on --help and --version', async () => {
    const help = await cli(['release-gate', 'check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: companyos release-gate check [options]');
    expect((await cli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('prints GraphQL errors with their codes on stderr and nothing on stdout', async () => {
    const run = await cli(['incidents', 'show', 'i-9', '--json'], () => ({ errors: [{ message: 'incident i-9 not found', extensions: { code: 'INCIDENT_NOT_FOUND' } }], data: null }));
    expect(run).toMatchObject({ code: ExitCode.Failed, stdout: '', stderr: 'companyos: INCIDENT_NOT_FOUND: incident i-9 not found\n' });
  });

  it('exits 3 when not logged in', async () => {
    const run = await cli(['tokens', 'list'], undefined, { COMPANYOS_URL: '', COMPANYOS_TOKEN: '' });
    expect(run.code).toBe(ExitCode.Auth);
    expect(run.stderr).toContain('not logged in');
  });
});
