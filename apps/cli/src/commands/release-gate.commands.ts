import { ExitCode } from '../cli-errors';
import { integer, oneOf, required } from '../cli-values';
import type { Graphql, GraphqlRequest } from '../gateway.client';
import type { GithubRun } from '../github-actions';
import { fields, Outcome, table } from '../output';
import { ENVIRONMENT_ALIASES, ENVIRONMENTS } from './deploy.commands';

export interface GateOptions {
  service?: string;
  version?: string;
  environment?: string;
  tier?: string;
}

export interface GateDecisionJson {
  service: string;
  environment: string;
  version: string;
  tier: number;
  allowed: boolean;
  strategy: { name: string; steps: { weight: number; pauseSeconds: number; analysis: string[] }[] };
  violations: { rule: string; message: string; blocking: boolean }[];
  inputs: Record<string, unknown>;
  evaluatedAt: string;
}

/** --service and --version default, as for `deploy start`, to GITHUB_REPOSITORY and GITHUB_SHA. */
export function checkRequest(options: GateOptions, run: GithubRun = {}): GraphqlRequest {
  const input: Record<string, unknown> = {
    service: required(options.service ?? run.repository, '--service', '(or run inside GitHub Actions, which sets GITHUB_REPOSITORY)'),
    version: required(options.version ?? run.sha, '--version', '(or run inside GitHub Actions, which sets GITHUB_SHA)'),
    environment: oneOf(options.environment ?? 'production', '--environment', ENVIRONMENTS, ENVIRONMENT_ALIASES),
  };
  if (options.tier !== undefined) input.tier = integer(options.tier, '--tier', 1, 3, 1);
  return {
    query: `query CliReleaseGate($input: ReleaseGateInput!) { releaseGate(input: $input) {
      service environment version tier allowed evaluatedAt
      strategy { name steps { weight pauseSeconds analysis } }
      violations { rule message blocking }
      inputs { errorBudgetRemaining fastBurnRate slowBurnRate sloUnknownBecause activeSev1Incidents activeSev2Incidents rollbacksLast24h timeZone }
    } }`,
    variables: { input },
  };
}

export function formatDecision(d: GateDecisionJson): string {
  const head = fields([
    ['release gate', `${d.allowed ? 'ALLOWED' : 'DENIED'}: ${d.service} ${d.version} to ${d.environment} (tier ${d.tier})`],
    ['strategy', `${d.strategy.name}${d.strategy.steps.length ? ` (${d.strategy.steps.map((s) => `${s.weight}%`).join(' → ')})` : ''}`],
    ['evaluated', d.evaluatedAt],
  ]);
  const violations = d.violations.length
    ? `\n\nviolations:\n${table(['RULE', 'BLOCKING', 'MESSAGE'], d.violations.map((v) => [v.rule, v.blocking ? 'yes' : 'no (warning)', v.message]))}`
    : '';
  return head + violations;
}

/** The decision; denied exits 1 with the blocking violations also on stderr (a CI log shows why). */
export async function check(gql: Graphql, options: GateOptions, run: GithubRun): Promise<Outcome> {
  const { releaseGate } = await gql<{ releaseGate: GateDecisionJson }>(checkRequest(options, run));
  if (releaseGate.allowed) return { json: releaseGate, text: formatDecision(releaseGate) };
  const blocking = releaseGate.violations.filter((v) => v.blocking);
  return {
    json: releaseGate,
    text: formatDecision(releaseGate),
    exitCode: ExitCode.Failed,
    notice: `release gate denied ${releaseGate.service} ${releaseGate.version} to ${releaseGate.environment}:\n${blocking.map((v) => `  ${v.rule}: ${v.message}`).join('\n')}`,
  };
}
