import type { GithubWorkflowJobEvent, GithubWorkflowRunEvent } from '@companyos/contracts';
import type { RunObservation, StageObservation } from '../runs/build-runs.service';
import { knownConclusion, matrixGroup } from '../runs/build-run.rules';

const defaultBranchOf = (repository: Record<string, unknown>) =>
  typeof repository.default_branch === 'string' && repository.default_branch ? repository.default_branch : null;

const date = (value: string | null | undefined) => (value ? new Date(value) : null);

/** What a `workflow_run` delivery says about its run attempt. */
export function observeWorkflowRun(event: GithubWorkflowRunEvent): RunObservation {
  const run = event.workflow_run;
  return {
    source: 'github',
    repository: event.repository.full_name,
    externalId: String(run.id),
    attempt: run.run_attempt ?? 1,
    workflow: run.name || event.workflow?.name || null,
    runNumber: run.run_number ?? null,
    event: run.event ?? null,
    branch: run.head_branch ?? null,
    commitSha: run.head_sha,
    defaultBranch: defaultBranchOf(event.repository),
    actor: run.triggering_actor?.login ?? run.actor?.login ?? null,
    url: run.html_url,
    changedFiles: null,
    changedLines: null,
    status: run.status ?? 'requested',
    conclusion: knownConclusion(run.conclusion),
    createdAt: date(run.created_at),
    startedAt: date(run.run_started_at),
    // GitHub sends no completion time; a completed run was last updated when it completed.
    completedAt: run.status === 'completed' ? date(run.updated_at) : null,
  };
}

/**
 * What a `workflow_job` delivery says about its run: enough to hang the job
 * on before the run's own delivery arrives. A job in progress means the run
 * is too; a job never completes its run.
 */
export function observeRunOfJob(event: GithubWorkflowJobEvent): RunObservation {
  const job = event.workflow_job;
  const running = job.status === 'in_progress' || job.status === 'completed';
  return {
    source: 'github',
    repository: event.repository.full_name,
    externalId: String(job.run_id),
    attempt: job.run_attempt,
    workflow: job.workflow_name || null,
    runNumber: null,
    event: null,
    branch: job.head_branch ?? null,
    commitSha: job.head_sha,
    defaultBranch: defaultBranchOf(event.repository),
    actor: null,
    url: null,
    changedFiles: null,
    changedLines: null,
    status: running ? 'in_progress' : 'queued',
    conclusion: null,
    createdAt: null,
    startedAt: null,
    completedAt: null,
  };
}

/** What a `workflow_job` delivery says about its job (a stage) and steps (tasks). */
export function observeWorkflowJob(event: GithubWorkflowJobEvent): StageObservation {
  const job = event.workflow_job;
  return {
    externalId: String(job.id),
    name: job.name,
    groupName: matrixGroup(job.name),
    runnerName: job.runner_name || null,
    runnerLabels: job.labels,
    url: job.html_url ?? null,
    status: job.status,
    conclusion: knownConclusion(job.conclusion),
    createdAt: date(job.created_at),
    startedAt: date(job.started_at),
    completedAt: date(job.completed_at),
    tasks: job.steps.map((step) => ({
      number: step.number,
      name: step.name,
      status: step.status,
      conclusion: knownConclusion(step.conclusion),
      createdAt: null,
      startedAt: date(step.started_at),
      completedAt: date(step.completed_at),
    })),
  };
}
