import type {
  GithubDeploymentEvent,
  GithubDeploymentStatusEvent,
  GithubWorkflowRunEvent,
} from '@companyos/contracts';
import { runUrlOf } from '../deployments/deployment-merge.rules';
import { DeploymentEnvironment, DeploymentSourceKind, DeploymentStatus, isTerminalStatus } from '../deployments/deployment.enums';
import { DEFAULT_ENVIRONMENT_RULES, EnvironmentRule, mapEnvironment } from './environment-mapping';


/** Workflows whose name matches are deployments, unless configured otherwise. */
export const DEFAULT_DEPLOY_WORKFLOW_PATTERN = /deploy/i;

/** The deploy pattern from config: a case-insensitive regular expression (`deploy|release`); throws naming the mistake. */
export function parseDeployPattern(text: string): RegExp {
  const source = text.trim();
  if (source === '') throw new Error('the deploy workflow pattern is empty: expected a regular expression such as "deploy"');
  try {
    return new RegExp(source, 'i');
  } catch (error) {
    throw new Error(`the deploy workflow pattern "${source}" is not a valid regular expression: ${(error as Error).message}`);
  }
}

/**
 * What GitHub tells about a deployment, apart from its status. Every event of
 * one deployment carries all of it, so whichever event arrives first creates
 * a complete record.
 */
export interface DeploymentFacts {
  /** `owner/name`. */
  repository: string;
  environment: DeploymentEnvironment;
  /** GitHub's own environment name (`production`); null for a workflow run, whose payload names none. */
  githubEnvironment: string | null;
  /** The branch, tag or sha deployed (a workflow run's head branch). */
  ref: string | null;
  commitSha: string;
  /**
   * When the deployed commit was made: a workflow run's `head_commit.timestamp`.
   * Null for `deployment`/`deployment_status`: their payload has the sha but not
   * the commit (finding its time takes a call to GitHub's commits API).
   */
  commitAt: Date | null;
  /** Who caused it: the person who triggered the Actions run, else the deployment's creator, else the sender. */
  deployedBy: string | null;
  /**
   * The Actions run behind it, when there is one: a workflow run's page, or
   * for a GitHub deployment its `workflow_run`, else the run its status's
   * `log_url` / `target_url` points at. How its reports are joined (see
   * deployment-merge.rules.ts).
   */
  githubRunUrl: string | null;
  /** When the deployment was created, or the run (its current attempt) started. */
  startedAt: Date;
}

/** Which report of a deployment a delivery is (see DeploymentSourceEntity). */
export interface PlannedSource {
  kind: DeploymentSourceKind;
  reference: string;
  url: string | null;
}

/** What one GitHub delivery asks of the deployment record keyed by `key`. */
export type DeploymentPlan =
  | { type: 'ignore'; reason: string }
  /**
   * Create the record with `facts` and `status`, or merge into it: status by
   * {@link mergeStatus} (`at` is when GitHub says the status was reached);
   * facts when the event is not older than the one stored.
   */
  | { type: 'upsert'; key: string; source: PlannedSource; status: DeploymentStatus; at: Date; githubState: string; facts: DeploymentFacts }
  /**
   * The run turned out to deploy nothing (skipped, neutral): remove the record
   * its earlier events made, and remember the key so a late `requested` does
   * not make it again.
   */
  | { type: 'discard'; key: string; at: Date; reason: string };

export const deploymentKey = (deploymentId: number) => `github-deployment:${deploymentId}`;
export const workflowRunKey = (runId: number) => `github-run:${runId}`;

/**
 * `deployment` (action `created`, the only one): a new deployment, PENDING
 * until a status says more.
 */
export function planDeploymentEvent(event: GithubDeploymentEvent, rules: readonly EnvironmentRule[] = DEFAULT_ENVIRONMENT_RULES): DeploymentPlan {
  if (event.action !== undefined && event.action !== 'created') {
    return ignore(`deployment action "${event.action}" is not one CompanyOS knows`);
  }
  const { deployment } = event;
  const facts = deploymentFacts(event, rules);
  return {
    type: 'upsert',
    key: deploymentKey(deployment.id),
    source: { kind: DeploymentSourceKind.GITHUB_DEPLOYMENT, reference: String(deployment.id), url: facts.githubRunUrl },
    status: DeploymentStatus.PENDING,
    at: new Date(deployment.created_at),
    githubState: 'created',
    facts,
  };
}

/**
 * `deployment_status` → status:
 *
 * | GitHub state                 | status      |
 * | ---------------------------- | ----------- |
 * | pending, queued, waiting     | PENDING     |
 * | in_progress                  | IN_PROGRESS |
 * | success                      | SUCCEEDED   |
 * | failure, error               | FAILED      |
 * | inactive                     | ignored     |
 * | anything else                | ignored     |
 *
 * `waiting` is a deployment held by an environment protection rule (approval,
 * wait timer): not started yet. `inactive` is what GitHub sets on an earlier
 * deployment once a later one to the same environment succeeds (or a transient
 * environment goes away): the deployment was superseded, which says nothing
 * about how it went, so its record keeps its status.
 */
export function planDeploymentStatusEvent(
  event: GithubDeploymentStatusEvent,
  rules: readonly EnvironmentRule[] = DEFAULT_ENVIRONMENT_RULES,
): DeploymentPlan {
  if (event.action !== undefined && event.action !== 'created') {
    return ignore(`deployment_status action "${event.action}" is not one CompanyOS knows`);
  }
  const { state } = event.deployment_status;
  if (state === 'inactive') {
    return ignore('an inactive deployment was superseded by a later one to its environment; how it went is unchanged');
  }
  const status = DEPLOYMENT_STATES[state];
  if (!status) return ignore(`deployment status state "${state}" is not one CompanyOS knows`);
  const facts = deploymentFacts(event, rules);
  const { target_url: targetUrl, log_url: logUrl } = event.deployment_status;
  return {
    type: 'upsert',
    key: deploymentKey(event.deployment.id),
    source: { kind: DeploymentSourceKind.GITHUB_DEPLOYMENT, reference: String(event.deployment.id), url: facts.githubRunUrl ?? (logUrl || targetUrl || null) },
    status,
    at: new Date(event.deployment_status.created_at),
    githubState: state,
    facts,
  };
}

const DEPLOYMENT_STATES: Partial<Record<string, DeploymentStatus>> = {
  pending: DeploymentStatus.PENDING,
  queued: DeploymentStatus.PENDING,
  waiting: DeploymentStatus.PENDING,
  in_progress: DeploymentStatus.IN_PROGRESS,
  success: DeploymentStatus.SUCCEEDED,
  failure: DeploymentStatus.FAILED,
  error: DeploymentStatus.FAILED,
};

/**
 * `workflow_run` of a workflow whose name matches `deployPattern` (others are
 * ignored). The action says what happened; `completed` runs go by conclusion:
 *
 * | action / conclusion                                   | status      |
 * | ----------------------------------------------------- | ----------- |
 * | requested, in_progress                                | IN_PROGRESS |
 * | completed: success                                    | SUCCEEDED   |
 * | completed: failure, timed_out, startup_failure, stale | FAILED      |
 * | completed: cancelled                                  | FAILED      |
 * | completed: action_required                            | PENDING     |
 * | completed: skipped, neutral                           | discard     |
 * | completed without a conclusion, or another one        | ignored     |
 *
 * `cancelled` is FAILED: the deployment was started and did not finish, and
 * may have left the environment half-changed; there is no CANCELLED status,
 * and leaving the record IN_PROGRESS for ever would be wrong (`githubState`
 * keeps the word). `stale` is a run GitHub gave up on. `action_required` is a
 * run waiting for someone's approval. `skipped` means every job was skipped
 * (typically a deploy job behind `if:`, on a branch that does not deploy):
 * nothing was deployed, so the run is not a deployment and its record goes.
 * `neutral` (which Actions itself does not produce) claims neither outcome;
 * recording it as either would be invented, so it goes too.
 *
 * The environment comes from the workflow's name through the same rules as
 * GitHub environment names ("Deploy production" → PRODUCTION), because a
 * `workflow_run` payload names no environment.
 */
export function planWorkflowRunEvent(
  event: GithubWorkflowRunEvent,
  deployPattern: RegExp,
  rules: readonly EnvironmentRule[] = DEFAULT_ENVIRONMENT_RULES,
): DeploymentPlan {
  const run = event.workflow_run;
  const name = workflowName(event);
  // `search` ignores the pattern's `g`/`y` state (`lastIndex`), which `test` would not.
  if (name.search(deployPattern) === -1) return ignore(`workflow "${name}" does not match the deploy pattern ${deployPattern}`);

  const key = workflowRunKey(run.id);
  const at = new Date(run.updated_at);
  let status: DeploymentStatus;
  switch (event.action) {
    case 'requested':
    case 'in_progress':
      status = DeploymentStatus.IN_PROGRESS;
      break;
    case 'completed': {
      const conclusion = run.conclusion;
      if (!conclusion) return ignore('the run completed without a conclusion, so how the deployment went is unknown');
      if (conclusion === 'skipped') return { type: 'discard', key, at, reason: 'every job of the run was skipped: nothing was deployed' };
      if (conclusion === 'neutral') return { type: 'discard', key, at, reason: 'the run concluded neutral: neither deployed nor failed' };
      const concluded = RUN_CONCLUSIONS[conclusion];
      if (!concluded) return ignore(`workflow run conclusion "${conclusion}" is not one CompanyOS knows`);
      status = concluded;
      break;
    }
    default:
      return ignore(`workflow_run action "${event.action}" does not change a deployment`);
  }

  const commit = run.head_commit;
  return {
    type: 'upsert',
    key,
    source: { kind: DeploymentSourceKind.WORKFLOW_RUN, reference: String(run.id), url: run.html_url },
    status,
    at,
    githubState: run.conclusion && event.action === 'completed' ? run.conclusion : event.action,
    facts: {
      repository: event.repository.full_name,
      environment: mapEnvironment(name, rules),
      githubEnvironment: null,
      ref: run.head_branch ?? null,
      commitSha: run.head_sha,
      // Only the head commit's own time: never another commit's.
      commitAt: commit && commit.id === run.head_sha ? new Date(commit.timestamp) : null,
      deployedBy: run.triggering_actor?.login ?? run.actor?.login ?? event.sender.login,
      githubRunUrl: run.html_url,
      startedAt: new Date(run.run_started_at ?? run.created_at),
    },
  };
}

const RUN_CONCLUSIONS: Partial<Record<string, DeploymentStatus>> = {
  success: DeploymentStatus.SUCCEEDED,
  failure: DeploymentStatus.FAILED,
  timed_out: DeploymentStatus.FAILED,
  startup_failure: DeploymentStatus.FAILED,
  stale: DeploymentStatus.FAILED,
  cancelled: DeploymentStatus.FAILED,
  action_required: DeploymentStatus.PENDING,
};

/** The workflow's name: `workflow_run.name`, or `workflow.name` where that is empty (as in some published examples). */
export const workflowName = (event: GithubWorkflowRunEvent): string => event.workflow_run.name || event.workflow?.name || '';

/** A status and when GitHub says it was reached. */
export interface StatusAt {
  status: DeploymentStatus;
  at: Date;
}

/**
 * The status a record ends with when `incoming` (reached at `incomingAt`)
 * meets `current` (reached at `currentAt`; both null when there is no record
 * yet), whatever order GitHub delivered them in:
 *
 * 1. A terminal status (SUCCEEDED, FAILED, ROLLED_BACK) is never replaced by a
 *    non-terminal one, however late: a `completed` that overtook its
 *    `requested` stays completed.
 * 2. A non-terminal status gives way to any terminal one.
 * 3. Otherwise (both terminal, e.g. a re-run that succeeds after a failure; or
 *    both not) the later one wins. At the same instant the further one wins —
 *    IN_PROGRESS over PENDING, ROLLED_BACK over FAILED over SUCCEEDED — so the
 *    result does not depend on delivery order.
 *
 * The result's `at` is that of the status kept (the later one when both are
 * the same status); store it beside the status for the next comparison. The
 * same delivery twice changes nothing.
 */
export function mergeStatus(
  current: DeploymentStatus | null,
  incoming: DeploymentStatus,
  currentAt: Date | null,
  incomingAt: Date,
): StatusAt {
  if (current === null) return { status: incoming, at: incomingAt };
  if (currentAt === null) throw new TypeError(`mergeStatus: the current status ${current} needs the time it was reached`);
  const kept = { status: current, at: currentAt };
  const taken = { status: incoming, at: incomingAt };
  if (isTerminalStatus(current) !== isTerminalStatus(incoming)) return isTerminalStatus(current) ? kept : taken;
  if (current === incoming) return incomingAt > currentAt ? taken : kept;
  if (incomingAt.getTime() !== currentAt.getTime()) return incomingAt > currentAt ? taken : kept;
  return PRECEDENCE[incoming] > PRECEDENCE[current] ? taken : kept;
}

/** Tie-break at the same instant: the further along, or the worse. */
const PRECEDENCE: Record<DeploymentStatus, number> = {
  PENDING: 0,
  IN_PROGRESS: 1,
  SUCCEEDED: 2,
  FAILED: 3,
  ROLLED_BACK: 4,
};

const ignore = (reason: string): DeploymentPlan => ({ type: 'ignore', reason });

function deploymentFacts(event: GithubDeploymentEvent | GithubDeploymentStatusEvent, rules: readonly EnvironmentRule[]): DeploymentFacts {
  const { deployment, workflow_run: run } = event;
  const status = 'deployment_status' in event ? (event as GithubDeploymentStatusEvent).deployment_status : undefined;
  return {
    repository: event.repository.full_name,
    environment: mapEnvironment(deployment.environment, rules),
    githubEnvironment: deployment.environment,
    ref: deployment.ref,
    commitSha: deployment.sha,
    commitAt: null,
    // An Actions-made deployment's creator is a bot (`github-actions[bot]`); the person is the run's triggering actor.
    deployedBy: run?.triggering_actor?.login ?? run?.actor?.login ?? deployment.creator?.login ?? event.sender.login,
    githubRunUrl: run?.html_url ?? runUrlOf(status?.log_url) ?? runUrlOf(status?.target_url),
    startedAt: new Date(deployment.created_at),
  };
}
