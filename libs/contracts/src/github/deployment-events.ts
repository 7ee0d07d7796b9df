import { z } from 'zod';

// The parts of GitHub's `deployment`, `deployment_status` and `workflow_run`
// webhook payloads CompanyOS reads. Unknown keys are kept (GitHub adds fields
// over time); missing or malformed required ones are reported by path, e.g.
// `deployment.sha: Required`. States, statuses and conclusions are plain
// strings, not enums: GitHub has added values before (`queued`, `waiting`,
// `startup_failure`), and a value CompanyOS does not know is for the rules to
// ignore with a reason, not for the edge to refuse.

/** GitHub's timestamps: ISO 8601 with a zone (`2019-05-15T15:20:53Z`, sometimes with milliseconds). */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

const timestamp = z
  .string()
  .refine((value) => ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value)), { message: 'Expected an ISO 8601 timestamp' });

const id = z.number().int().positive();
const user = z.object({ login: z.string() }).passthrough();
const repository = z.object({ id, full_name: z.string() }).passthrough();

const deployment = z
  .object({
    id,
    sha: z.string().min(1),
    ref: z.string(),
    task: z.string().optional(),
    environment: z.string(),
    original_environment: z.string().optional(),
    description: z.string().nullish(),
    creator: user.nullish(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .passthrough();

/**
 * The Actions run that created the deployment (a job with `environment:`),
 * when there is one. GitHub sends a slimmer run here than in `workflow_run`
 * events: no `head_commit`, so no commit time.
 */
const deploymentWorkflowRun = z
  .object({
    id,
    name: z.string().nullish(),
    head_sha: z.string(),
    html_url: z.string(),
    run_attempt: z.number().int().optional(),
    actor: user.nullish(),
    triggering_actor: user.nullish(),
  })
  .passthrough();

/**
 * Both events have one action, `created`; the GitHub Enterprise Server
 * examples leave it out, so it is optional here.
 */
const createdAction = z.string().optional();

export const githubDeploymentEvent = z
  .object({
    action: createdAction,
    deployment,
    workflow_run: deploymentWorkflowRun.nullish(),
    repository,
    sender: user,
  })
  .passthrough();

export const githubDeploymentStatusEvent = z
  .object({
    action: createdAction,
    deployment_status: z
      .object({
        id,
        /** `pending`, `queued`, `waiting`, `in_progress`, `success`, `failure`, `error` or `inactive`. */
        state: z.string(),
        environment: z.string().optional(),
        description: z.string().nullish(),
        target_url: z.string().nullish(),
        log_url: z.string().nullish(),
        creator: user.nullish(),
        created_at: timestamp,
        updated_at: timestamp,
      })
      .passthrough(),
    deployment,
    workflow_run: deploymentWorkflowRun.nullish(),
    repository,
    sender: user,
  })
  .passthrough();

export const githubWorkflowRunEvent = z
  .object({
    /** `requested`, `in_progress` or `completed`. */
    action: z.string(),
    workflow: z.object({ id, name: z.string() }).passthrough().nullish(),
    workflow_run: z
      .object({
        id,
        /** The workflow's name; empty in some published examples, where `workflow.name` has it. */
        name: z.string().nullish(),
        run_number: z.number().int().optional(),
        run_attempt: z.number().int().optional(),
        event: z.string().optional(),
        /** `requested`, `queued`, `waiting`, `pending`, `in_progress` or `completed`. */
        status: z.string().nullish(),
        /** Set once completed: `success`, `failure`, `cancelled`, `skipped`, `timed_out`, … */
        conclusion: z.string().nullish(),
        head_sha: z.string().min(1),
        head_branch: z.string().nullish(),
        head_commit: z.object({ id: z.string(), timestamp }).passthrough().nullish(),
        html_url: z.string(),
        actor: user.nullish(),
        triggering_actor: user.nullish(),
        created_at: timestamp,
        run_started_at: timestamp.nullish(),
        updated_at: timestamp,
      })
      .passthrough(),
    repository,
    sender: user,
  })
  .passthrough();

export type GithubDeploymentEvent = z.infer<typeof githubDeploymentEvent>;
export type GithubDeploymentStatusEvent = z.infer<typeof githubDeploymentStatusEvent>;
export type GithubWorkflowRunEvent = z.infer<typeof githubWorkflowRunEvent>;
