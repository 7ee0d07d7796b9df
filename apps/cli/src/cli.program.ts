import { Command, CommanderError, Option } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { configPath, readSavedLogin, resolveConnection, parseTimeout } from './cli-config';
import { CliError, ExitCode } from './cli-errors';
import * as alerts from './commands/alerts.commands';
import * as deploy from './commands/deploy.commands';
import * as incidents from './commands/incidents.commands';
import { login } from './commands/login.commands';
import * as gate from './commands/release-gate.commands';
import * as runbooks from './commands/runbooks.commands';
import * as tokens from './commands/tokens.commands';
import { gatewayClient, Graphql } from './gateway.client';
import { githubRun } from './github-actions';
import { Outcome, toJson } from './output';

/** What the CLI touches outside itself; main.ts passes the process's, tests their own. */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  fetch?: typeof fetch;
}

interface GlobalOptions {
  json?: boolean;
  timeout?: string;
}

/** Runs one `companyos …` command line (without the node and script arguments) and answers its exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let outcome: Outcome | undefined;
  let json = false;
  const program = buildProgram(io, (result, globals) => {
    outcome = result;
    json = Boolean(globals.json);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    return report(error, io);
  }
  if (!outcome) return ExitCode.Ok;
  io.stdout(json ? toJson(outcome.json) : `${outcome.text}\n`);
  if (outcome.notice) io.stderr(`companyos: ${outcome.notice}\n`);
  return outcome.exitCode ?? ExitCode.Ok;
}

function addGlobalOptions(command: Command): Command {
  return command
    .option('--json', 'machine-readable JSON on stdout (nothing else on stdout)')
    .option('--timeout <ms>', 'timeout of each call to the gateway in ms (default COMPANYOS_TIMEOUT_MS, else 30000)');
}

function report(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // --help and --version are answers (exit 0); commander already printed them, and the problem of a usage error.
    return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  }
  if (error instanceof CliError) {
    io.stderr(`companyos: ${error.message}\n`);
    return error.exitCode;
  }
  io.stderr(`companyos: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
  return ExitCode.Failed;
}

/**
 * The command tree. --json and --timeout are accepted before the command
 * (`companyos --json incidents list`) and after it (`companyos incidents list
 * --json`); options are positional so that `deploy start --version` is the
 * deployment's version, not the CLI's (that is `companyos --version`).
 */
export function buildProgram(io: CliIo, done: (outcome: Outcome, globals: GlobalOptions) => void): Command {
  const program = new Command('companyos')
    .description('CompanyOS from the command line and from CI: incidents, alerts, deployments, the release gate, runbooks, API tokens')
    .version(packageVersion(), '-V, --version', "the CLI's version")
    .enablePositionalOptions()
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(text.startsWith('error:') ? `companyos: ${text}` : text) });
  addGlobalOptions(program);
  let globals: GlobalOptions = {};
  const path = configPath(io.env);
  const client = (): Graphql => gatewayClient(resolveConnection(io.env, readSavedLogin(path), globals.timeout, path), io.fetch);
  const run = () => githubRun(io.env);
  /** Every subcommand inherits the settings (exit override, output); leaves (those with an action) take the global options too. */
  const sub = (parent: Command, name: string, description: string) =>
    parent.command(name).description(description).exitOverride().showHelpAfterError().configureOutput(program.configureOutput());
  const act =
    (work: (...args: any[]) => Promise<Outcome>) =>
    async (...args: any[]) => {
      globals = (args[args.length - 1] as Command).optsWithGlobals<GlobalOptions>();
      done(await work(...args), globals);
    };
  const leaf = (parent: Command, name: string, description: string) => addGlobalOptions(sub(parent, name, description));

  leaf(program, 'login', 'check a token against the gateway and save URL and token (0600) for the next commands')
    .requiredOption('--url <url>', 'the gateway, e.g. https://companyos.example.com')
    .requiredOption('--token <token>', 'an API token (cos_…) or JWT; - reads it from stdin')
    .action(act((options) => login(options, path, parseTimeout(globals.timeout ?? io.env.COMPANYOS_TIMEOUT_MS, '--timeout'), io.readStdin, io.fetch)));

  const incidentsCommand = sub(program, 'incidents', 'list, show, declare, acknowledge and resolve incidents');
  leaf(incidentsCommand, 'list', 'incidents, newest first')
    .option('--status <status...>', 'open, investigating, identified, monitoring, resolved (comma-separated or repeated)')
    .option('--severity <severity...>', 'sev1 … sev4')
    .option('--service <name>', 'incidents affecting this service')
    .addOption(new Option('--active', 'only unresolved ones').conflicts('resolved'))
    .addOption(new Option('--resolved', 'only resolved ones'))
    .option('--first <n>', 'how many (1–200)', '20')
    .action(act((o) => incidents.list(client(), { ...o, active: o.active ? true : o.resolved ? false : undefined })));
  leaf(incidentsCommand, 'show', 'one incident with its timeline')
    .argument('<id>', 'the incident id')
    .action(act((incidentId) => incidents.show(client(), incidentId)));
  leaf(incidentsCommand, 'declare', 'declare an incident')
    .requiredOption('--title <title>', 'what is wrong')
    .requiredOption('--severity <severity>', 'sev1, sev2, sev3 or sev4')
    .option('--service <name...>', 'affected services (comma-separated or repeated)')
    .option('--commander <who>', 'who leads the response')
    .option('--customer-impact', 'customers are affected')
    .option('--impact <text>', 'what customers see')
    .option('--started-at <time>', 'when the impact began (ISO 8601; default now)')
    .action(act((o) => incidents.declare(client(), o)));
  leaf(incidentsCommand, 'ack', 'acknowledge an incident')
    .argument('<id>', 'the incident id')
    .action(act((incidentId) => incidents.ack(client(), incidentId)));
  leaf(incidentsCommand, 'resolve', 'resolve an incident')
    .argument('<id>', 'the incident id')
    .option('--resolution <text>', 'what fixed it')
    .action(act((incidentId, o) => incidents.resolve(client(), incidentId, o)));

  const alertsCommand = sub(program, 'alerts', 'firing alerts, and acknowledging one');
  leaf(alertsCommand, 'firing', 'alerts firing now, most severe first')
    .option('--service <name>', 'only this service')
    .option('--severity <severity...>', 'critical, warning, info')
    .action(act((o) => alerts.firing(client(), o)));
  leaf(alertsCommand, 'ack', 'acknowledge an alert')
    .argument('<id>', 'the alert id')
    .action(act((alertId) => alerts.ack(client(), alertId)));

  const deployCommand = sub(program, 'deploy', 'record a deployment from CI (defaults from GitHub Actions)');
  const deployOptions = (command: Command) =>
    command
      .option('--service <name>', 'the service (default GITHUB_REPOSITORY)')
      .option('--version <version>', 'the version deployed (default GITHUB_SHA)')
      .option('--environment <env>', 'development, staging or production', 'production')
      .option('--deployed-by <who>', 'who deployed (default GITHUB_ACTOR)')
      .option('--commit-sha <sha>', 'the commit deployed (default GITHUB_SHA)')
      .option('--commit-timestamp <time>', "the commit's time, for lead time (default the push event's head commit)")
      .option('--run-url <url>', 'the CI run (default GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID)')
      .option('--release-url <url>', 'release notes')
      .option('--idempotency-key <key>', "a retry with the same key is the same deployment (default: the Actions run, attempt, service and environment)");
  deployOptions(leaf(deployCommand, 'start', 'record a deployment as IN_PROGRESS; prints its id')).action(act((o) => deploy.start(client(), o, run())));
  for (const outcome of ['succeeded', 'failed'] as const) {
    deployOptions(leaf(deployCommand, outcome, `mark the deployment ${outcome.toUpperCase()} (the --id given, else this Actions run's)`))
      .option('--id <id>', 'the deployment id `deploy start` printed')
      .action(act((o) => deploy.finish(client(), outcome, o, run())));
  }

  const gateCommand = sub(program, 'release-gate', 'the release gate (seed 002)');
  leaf(gateCommand, 'check', 'may this version be deployed now? exit 1 with the violations when denied')
    .option('--service <name>', 'the service (default GITHUB_REPOSITORY)')
    .option('--version <version>', 'the version (default GITHUB_SHA)')
    .option('--environment <env>', 'development, staging or production', 'production')
    .option('--tier <n>', '1 critical path (default), 2 supporting, 3 internal')
    .action(act((o) => gate.check(client(), o, run())));

  const runbooksCommand = sub(program, 'runbooks', 'the runbook catalog');
  leaf(runbooksCommand, 'sync', "sync the catalog: the gateway's RUNBOOKS_DIR, or the YAML files and folders given")
    .argument('[paths...]', 'runbook files or folders to post (default: none, the server syncs its RUNBOOKS_DIR)')
    .action(act((paths: string[]) => runbooks.sync(client(), paths)));

  const tokensCommand = sub(program, 'tokens', 'API tokens (admin)');
  leaf(tokensCommand, 'create', 'issue a token; it is shown once')
    .requiredOption('--name <name>', 'requests act as token:<name>')
    .requiredOption('--role <role>', 'viewer, responder or admin')
    .option('--expires-in-days <days>', 'days until it expires (1–730)', '90')
    .action(act((o) => tokens.create(client(), o)));
  leaf(tokensCommand, 'list', 'API tokens, newest first')
    .option('--all', 'include revoked tokens')
    .action(act((o) => tokens.list(client(), o)));
  leaf(tokensCommand, 'revoke', 'revoke a token at once')
    .argument('<id>', 'the token id')
    .action(act((tokenId) => tokens.revoke(client(), tokenId)));

  return program;
}

/** The package's version, from the nearest package.json up (the same from source and from dist). */
function packageVersion(from = __dirname): string {
  const file = join(from, 'package.json');
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0';
  const parent = dirname(from);
  return parent === from ? '0.0.0' : packageVersion(parent);
}
