import { z } from 'zod';

// The parts of GitHub's `workflow_job` webhook payload CompanyOS reads (the
// builds app turns each job into a stage and its steps into tasks). Unknown
// keys are kept; statuses and conclusions are plain strings, as GitHub adds
// values over time (`waiting`, `startup_failure`).

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const timestamp = z
  .string()
  .refine((value) => ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value)), { message: 'Expected an ISO 8601 timestamp' });
const id = z.number().int().positive();

const step = z
  .object({
    number: z.number().int().nonnegative(),
    name: z.string(),
    /** `queued`, `in_progress` or `completed`. */
    status: z.string(),
    conclusion: z.string().nullish(),
    started_at: timestamp.nullish(),
    completed_at: timestamp.nullish(),
  })
  .passthrough();

export const githubWorkflowJobEvent = z
  .object({
    /** `queued`, `waiting`, `in_progress` or `completed`. */
    action: z.string(),
    workflow_job: z
      .object({
        id,
        run_id: id,
        run_attempt: z.number().int().positive().default(1),
        workflow_name: z.string().nullish(),
        head_sha: z.string().min(1),
        head_branch: z.string().nullish(),
        html_url: z.string().nullish(),
        status: z.string(),
        conclusion: z.string().nullish(),
        created_at: timestamp.nullish(),
        started_at: timestamp.nullish(),
        completed_at: timestamp.nullish(),
        name: z.string(),
        steps: z.array(step).max(1000).default([]),
        labels: z.array(z.string()).max(100).default([]),
        runner_name: z.string().nullish(),
        runner_group_name: z.string().nullish(),
      })
      .passthrough(),
    repository: z.object({ id, full_name: z.string() }).passthrough(),
  })
  .passthrough();

export type GithubWorkflowJobEvent = z.infer<typeof githubWorkflowJobEvent>;
