import { githubWorkflowJobEvent, githubWorkflowRunEvent } from '@companyos/contracts';
import { githubExamples } from '@companyos/testing';
import { observeRunOfJob, observeWorkflowJob, observeWorkflowRun } from './github-actions.rules';

// GitHub's published examples (@octokit/webhooks-examples); their timestamps contradict each other, so only shapes are asserted.
describe('GitHub Actions observations from the published examples', () => {
  it('a completed workflow_job becomes a stage with its steps, conclusions as GitHub says them', () => {
    const example = githubExamples('workflow_job', 'completed').find((e) => e.workflow_job.conclusion === 'failure')!;
    const event = githubWorkflowJobEvent.parse(example);
    const stage = observeWorkflowJob(event);
    expect(stage).toMatchObject({ externalId: String(example.workflow_job.id), name: example.workflow_job.name, status: 'completed', conclusion: 'failure' });
    expect(stage.tasks.map((t) => t.number)).toEqual(example.workflow_job.steps.map((s: { number: number }) => s.number));
    expect(stage.tasks.map((t) => t.conclusion)).toContain('skipped');
    const run = observeRunOfJob(event);
    expect(run).toMatchObject({ externalId: String(example.workflow_job.run_id), attempt: example.workflow_job.run_attempt, status: 'in_progress', conclusion: null });
  });

  it('every published workflow_job example parses and is observed (queued, waiting, in progress, completed)', () => {
    for (const action of ['queued', 'waiting', 'in_progress', 'completed']) {
      for (const example of githubExamples('workflow_job', action)) {
        const stage = observeWorkflowJob(githubWorkflowJobEvent.parse(example));
        expect(stage.status).toBe(example.workflow_job.status);
        if (stage.status !== 'completed') expect(observeRunOfJob(githubWorkflowJobEvent.parse(example)).status).not.toBe('completed');
      }
    }
  });

  it('every published workflow_run example parses and keeps its key, status and conclusion', () => {
    for (const action of ['requested', 'completed']) {
      for (const example of githubExamples('workflow_run', action)) {
        const run = observeWorkflowRun(githubWorkflowRunEvent.parse(example));
        expect(run).toMatchObject({
          source: 'github',
          repository: example.repository.full_name,
          externalId: String(example.workflow_run.id),
          attempt: example.workflow_run.run_attempt ?? 1,
          commitSha: example.workflow_run.head_sha,
          status: example.workflow_run.status,
          conclusion: example.workflow_run.conclusion ?? null,
        });
        expect(run.workflow).toBeTruthy();
      }
    }
  });
});
