import { z } from 'zod';

// The parts of a GitHub milestone CompanyOS reads: its address and its issue counts. GitHub sends them
// in `milestone` events (created, edited, closed, opened, deleted) and inside `issues` events as
// `issue.milestone` (an issue opened, closed, reopened, milestoned or demilestoned changes the counts,
// and no `milestone` event is sent then). Unknown keys are kept.
export const githubMilestone = z
  .object({
    html_url: z.string(),
    number: z.number().int(),
    open_issues: z.number().int().nonnegative(),
    closed_issues: z.number().int().nonnegative(),
    state: z.enum(['open', 'closed']),
    updated_at: z.string(),
  })
  .passthrough();

export type GithubMilestone = z.infer<typeof githubMilestone>;

export const githubMilestoneEvent = z
  .object({
    action: z.string(),
    milestone: githubMilestone,
    repository: z.object({ id: z.number().int(), full_name: z.string() }).passthrough(),
    sender: z.object({ login: z.string() }).passthrough(),
  })
  .passthrough();

export type GithubMilestoneEvent = z.infer<typeof githubMilestoneEvent>;

/** The milestone parts of an `issues` event: the event's `milestone` (milestoned, demilestoned) or the issue's. */
export const githubIssueMilestones = z
  .object({
    milestone: githubMilestone.optional(),
    issue: z.object({ milestone: githubMilestone.nullish() }).passthrough(),
  })
  .passthrough();
