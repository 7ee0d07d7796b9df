import { z } from 'zod';
import { githubMilestone } from './milestone-event';

// The parts of GitHub's `issues` webhook payload CompanyOS reads. Unknown
// keys are kept (GitHub adds fields over time); missing required ones are
// reported by path, e.g. `issue.number: Required`.
const user = z.object({ login: z.string() }).passthrough();
const label = z.object({ name: z.string() }).passthrough();

export const githubIssuesEvent = z
  .object({
    action: z.string(),
    issue: z
      .object({
        id: z.number().int(),
        number: z.number().int(),
        title: z.string(),
        html_url: z.string(),
        state: z.enum(['open', 'closed']),
        labels: z.array(label).default([]),
        assignees: z.array(user).default([]),
        assignee: user.nullish(),
        created_at: z.string(),
        closed_at: z.string().nullish(),
        body: z.string().nullish(),
        // The milestone the issue is in, with its counts after this change (the roadmap's progress).
        milestone: githubMilestone.nullish(),
      })
      .passthrough(),
    label: label.optional(),
    // `milestoned` and `demilestoned`: the milestone concerned (the issue no longer names it once demilestoned).
    milestone: githubMilestone.optional(),
    changes: z.object({ title: z.object({ from: z.string() }).optional() }).passthrough().optional(),
    repository: z.object({ id: z.number().int(), full_name: z.string() }).passthrough(),
    sender: user,
  })
  .passthrough();

export type GithubIssuesEvent = z.infer<typeof githubIssuesEvent>;
