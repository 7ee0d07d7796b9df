import { githubExample } from '@companyos/testing';
import type { ZodTypeAny } from 'zod';
import { githubDeploymentEvent, githubDeploymentStatusEvent, githubWorkflowRunEvent } from './deployment-events';

interface WebhookExample {
  name: string;
  examples: Record<string, any>[];
}

// Every example @octokit/webhooks-examples publishes: github.com and each GitHub Enterprise Server version.
/* eslint-disable @typescript-eslint/no-require-imports */
const PUBLISHED: [string, WebhookExample[]][] = [
  ['api.github.com', require('@octokit/webhooks-examples')],
  ...['ghes-31', 'ghes-32', 'ghes-33', 'ghes-34', 'ghes-35'].map(
    (version): [string, WebhookExample[]] => [version, require(`@octokit/webhooks-examples/${version}/index.json`)],
  ),
];
/* eslint-enable @typescript-eslint/no-require-imports */

const examplesOf = (event: string): [string, Record<string, any>][] =>
  PUBLISHED.flatMap(([source, entries]) =>
    (entries.find((entry) => entry.name === event)?.examples ?? []).map((payload, index): [string, Record<string, any>] => [
      `${source} #${index} (${payload.action})`,
      payload,
    ]),
  );

/** "path: message" for each problem, as the webhook edge reports them. */
const problems = (schema: ZodTypeAny, payload: unknown): string[] => {
  const result = schema.safeParse(payload);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe.each([
  ['deployment', githubDeploymentEvent],
  ['deployment_status', githubDeploymentStatusEvent],
  ['workflow_run', githubWorkflowRunEvent],
] as const)('the %s schema', (event, schema) => {
  const examples = examplesOf(event);

  it('has published examples to check against', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });

  it.each(examples)('reads the published example %s', (_name, payload) => {
    expect(problems(schema, payload)).toEqual([]);
  });

  it('keeps keys it does not read, unchanged', () => {
    for (const [, payload] of examples) expect(schema.parse(payload)).toEqual(payload);
  });
});

describe('githubDeploymentEvent', () => {
  it('reads what CompanyOS needs from a deployment', () => {
    const parsed = githubDeploymentEvent.parse(githubExample('deployment', 'created'));
    expect(parsed.deployment).toMatchObject({
      id: 145988746,
      sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      ref: 'master',
      environment: 'production',
      creator: { login: 'Codertocat' },
      created_at: '2019-05-15T15:20:53Z',
    });
    expect(parsed.repository.full_name).toBe('Codertocat/Hello-World');
    expect(parsed.workflow_run).toBeUndefined();
  });

  it('names missing and malformed fields by path', () => {
    const payload = githubExample('deployment', 'created');
    delete payload.deployment.sha;
    payload.deployment.id = '145988746';
    payload.deployment.created_at = 'yesterday';
    delete payload.repository.full_name;
    expect(problems(githubDeploymentEvent, payload)).toEqual([
      'deployment.id: Expected number, received string',
      'deployment.sha: Required',
      'deployment.created_at: Expected an ISO 8601 timestamp',
      'repository.full_name: Required',
    ]);
  });

  it('takes a deployment without a creator (a deleted account)', () => {
    const payload = githubExample('deployment', 'created');
    payload.deployment.creator = null;
    expect(githubDeploymentEvent.parse(payload).deployment.creator).toBeNull();
  });
});

describe('githubDeploymentStatusEvent', () => {
  it('reads the state and the deployment it belongs to', () => {
    const parsed = githubDeploymentStatusEvent.parse(githubExample('deployment_status', 'created'));
    expect(parsed.deployment_status).toMatchObject({ id: 209916254, state: 'success', created_at: '2019-05-15T15:20:55Z' });
    expect(parsed.deployment.id).toBe(145988746);
  });

  it('takes a state GitHub may add later, for the rules to judge', () => {
    const payload = githubExample('deployment_status', 'created');
    payload.deployment_status.state = 'some_future_state';
    expect(problems(githubDeploymentStatusEvent, payload)).toEqual([]);
  });

  it('names a status without a state or a deployment', () => {
    const payload = githubExample('deployment_status', 'created');
    delete payload.deployment_status.state;
    delete payload.deployment;
    expect(problems(githubDeploymentStatusEvent, payload)).toEqual(['deployment_status.state: Required', 'deployment: Required']);
  });
});

describe('githubWorkflowRunEvent', () => {
  it('reads the run, its head commit and its timestamps', () => {
    const parsed = githubWorkflowRunEvent.parse(githubExample('workflow_run', 'requested'));
    expect(parsed.workflow_run).toMatchObject({
      id: 289782451,
      status: 'queued',
      conclusion: null,
      head_sha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
      head_commit: { timestamp: '2020-10-05T16:32:07Z' },
      html_url: 'https://github.com/octo-org/octo-repo/actions/runs/289782451',
      run_started_at: '2020-10-05T16:33:49Z',
      updated_at: '2020-10-05T16:33:24Z',
    });
    expect(parsed.workflow?.name).toBe('test');
  });

  it('takes a run without a head commit', () => {
    const payload = githubExample('workflow_run', 'completed');
    payload.workflow_run.head_commit = null;
    expect(problems(githubWorkflowRunEvent, payload)).toEqual([]);
  });

  it('names missing and malformed fields by path', () => {
    const payload = githubExample('workflow_run', 'completed');
    delete payload.workflow_run.head_sha;
    payload.workflow_run.head_commit.timestamp = '16:32';
    payload.workflow_run.id = -1;
    expect(problems(githubWorkflowRunEvent, payload)).toEqual([
      'workflow_run.id: Number must be greater than 0',
      'workflow_run.head_sha: Required',
      'workflow_run.head_commit.timestamp: Expected an ISO 8601 timestamp',
    ]);
  });
});
