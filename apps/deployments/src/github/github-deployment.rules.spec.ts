import {
  githubDeploymentEvent,
  githubDeploymentStatusEvent,
  githubWorkflowRunEvent,
  GithubDeploymentEvent,
  GithubDeploymentStatusEvent,
  GithubWorkflowRunEvent,
} from '@companyos/contracts';
import { githubExample } from '@companyos/testing';
import { DeploymentStatus } from '../deployments/deployment.enums';
import { parseEnvironmentRules } from './environment-mapping';
import {
  DeploymentPlan,
  mergeStatus,
  parseDeployPattern,
  planDeploymentEvent,
  planDeploymentStatusEvent,
  planWorkflowRunEvent,
  StatusAt,
} from './github-deployment.rules';

const { PENDING, IN_PROGRESS, SUCCEEDED, FAILED, ROLLED_BACK } = DeploymentStatus;
type Payload = Record<string, any>;

// GitHub's published examples, parsed as the webhook edge would, after `change`.
const aDeploymentEvent = (change: (p: Payload) => void = () => {}): GithubDeploymentEvent =>
  githubDeploymentEvent.parse(edited(githubExample('deployment', 'created'), change));
const aStatusEvent = (change: (p: Payload) => void = () => {}): GithubDeploymentStatusEvent =>
  githubDeploymentStatusEvent.parse(edited(githubExample('deployment_status', 'created'), change));
// The `requested` example is of workflow "test"; named as a deploy workflow here.
const aRunEvent = (action: string, change: (p: Payload) => void = () => {}): GithubWorkflowRunEvent =>
  githubWorkflowRunEvent.parse(
    edited(githubExample('workflow_run', action), (p) => {
      p.workflow_run.name = 'Deploy production';
      change(p);
    }),
  );
/** The published `requested` example as GitHub would send it later with `action` and `conclusion`. */
const aRunEventLater = (action: string, conclusion: string | null, updatedAt = '2020-10-05T16:35:02Z') =>
  aRunEvent('requested', (p) => {
    p.action = action;
    p.workflow_run.status = action === 'completed' ? 'completed' : action;
    p.workflow_run.conclusion = conclusion;
    p.workflow_run.updated_at = updatedAt;
  });

// Published examples githubExample does not reach (it returns the first of an action):
// #1 of `deployment` and `deployment_status` is a github-pages deployment made by an
// Actions run; #1 of `workflow_run` is a run completed with success.
/* eslint-disable-next-line @typescript-eslint/no-require-imports */
const PUBLISHED: { name: string; examples: Payload[] }[] = require('@octokit/webhooks-examples');
const publishedExample = (event: string, index: number): Payload => structuredClone(PUBLISHED.find((e) => e.name === event)!.examples[index]);

function edited(payload: Payload, change: (p: Payload) => void): Payload {
  change(payload);
  return payload;
}

const DEPLOY = /deploy/i;
const at = (iso: string) => new Date(iso);

describe('planDeploymentEvent', () => {
  it('creates a PENDING deployment keyed by the GitHub deployment id', () => {
    expect(planDeploymentEvent(aDeploymentEvent())).toEqual({
      type: 'upsert',
      key: 'github-deployment:145988746',
      source: { kind: 'GITHUB_DEPLOYMENT', reference: '145988746', url: null },
      status: PENDING,
      at: at('2019-05-15T15:20:53Z'),
      githubState: 'created',
      facts: {
        repository: 'Codertocat/Hello-World',
        environment: 'PRODUCTION',
        githubEnvironment: 'production',
        ref: 'master',
        commitSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
        commitAt: null,
        deployedBy: 'Codertocat',
        githubRunUrl: null,
        startedAt: at('2019-05-15T15:20:53Z'),
      },
    });
  });

  it('names the person behind an Actions-made deployment, not the bot, and links the run', () => {
    const plan = planDeploymentEvent(githubDeploymentEvent.parse(publishedExample('deployment', 1)));
    expect(plan).toMatchObject({
      facts: {
        environment: 'DEVELOPMENT',
        githubEnvironment: 'github-pages',
        deployedBy: 'Codertocat',
        githubRunUrl: 'https://github.com/Codertocat/Hello-World/actions/runs/289782451',
        commitAt: null,
      },
    });
  });

  it('falls back to the sender when the creator is gone', () => {
    const plan = planDeploymentEvent(
      aDeploymentEvent((p) => {
        p.deployment.creator = null;
        p.sender.login = 'octocat';
      }),
    );
    expect(plan).toMatchObject({ facts: { deployedBy: 'octocat' } });
  });

  it('maps the environment with the configured rules', () => {
    const event = aDeploymentEvent((p) => (p.deployment.environment = 'live'));
    expect(planDeploymentEvent(event)).toMatchObject({ facts: { environment: 'DEVELOPMENT' } });
    expect(planDeploymentEvent(event, parseEnvironmentRules('^live$=PRODUCTION'))).toMatchObject({ facts: { environment: 'PRODUCTION' } });
  });

  it('reads a GitHub Enterprise Server delivery, which has no action', () => {
    expect(planDeploymentEvent(aDeploymentEvent((p) => delete p.action))).toMatchObject({ type: 'upsert', status: PENDING });
  });

  it('ignores an action it does not know', () => {
    expect(planDeploymentEvent(aDeploymentEvent((p) => (p.action = 'deleted')))).toEqual({
      type: 'ignore',
      reason: 'deployment action "deleted" is not one CompanyOS knows',
    });
  });
});

describe('planDeploymentStatusEvent', () => {
  it('advances the deployment the status belongs to, at the status time', () => {
    expect(planDeploymentStatusEvent(aStatusEvent())).toEqual({
      type: 'upsert',
      key: 'github-deployment:145988746',
      source: { kind: 'GITHUB_DEPLOYMENT', reference: '145988746', url: null },
      status: SUCCEEDED,
      at: at('2019-05-15T15:20:55Z'),
      githubState: 'success',
      facts: {
        repository: 'Codertocat/Hello-World',
        environment: 'PRODUCTION',
        githubEnvironment: 'production',
        ref: 'master',
        commitSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
        commitAt: null,
        deployedBy: 'Codertocat',
        githubRunUrl: null,
        startedAt: at('2019-05-15T15:20:53Z'),
      },
    });
  });

  it('names the Actions run a status links to (log_url or target_url), so its workflow_run joins the same deployment', () => {
    const run = 'https://github.com/Codertocat/Hello-World/actions/runs/4242';
    const viaLog = planDeploymentStatusEvent(aStatusEvent((p) => (p.deployment_status.log_url = `${run}/job/77?pr=1`)));
    expect(viaLog).toMatchObject({ facts: { githubRunUrl: run }, source: { url: run } });
    const viaTarget = planDeploymentStatusEvent(aStatusEvent((p) => (p.deployment_status.target_url = `${run}/attempts/2`)));
    expect(viaTarget).toMatchObject({ facts: { githubRunUrl: run } });
    // A check run's page (…/runs/<id> without actions/) names no workflow run.
    const checkRun = planDeploymentStatusEvent(aStatusEvent((p) => (p.deployment_status.target_url = 'https://github.com/Codertocat/Hello-World/runs/145988746')));
    expect(checkRun).toMatchObject({ facts: { githubRunUrl: null } });
  });

  it.each([
    ['pending', PENDING],
    ['queued', PENDING],
    ['waiting', PENDING],
    ['in_progress', IN_PROGRESS],
    ['success', SUCCEEDED],
    ['failure', FAILED],
    ['error', FAILED],
  ])('maps state %s to %s', (state, status) => {
    expect(planDeploymentStatusEvent(aStatusEvent((p) => (p.deployment_status.state = state)))).toMatchObject({ type: 'upsert', status, githubState: state });
  });

  it('reads the published Actions-made (github-pages) example', () => {
    expect(planDeploymentStatusEvent(githubDeploymentStatusEvent.parse(publishedExample('deployment_status', 1)))).toMatchObject({
      type: 'upsert',
      status: IN_PROGRESS,
      at: at('2022-01-03T01:28:40Z'),
      facts: { deployedBy: 'Codertocat', githubRunUrl: 'https://github.com/Codertocat/Hello-World/actions/runs/289782451' },
    });
  });

  it('ignores inactive: a superseded deployment keeps how it went', () => {
    const plan = planDeploymentStatusEvent(aStatusEvent((p) => (p.deployment_status.state = 'inactive')));
    expect(plan).toEqual({ type: 'ignore', reason: 'an inactive deployment was superseded by a later one to its environment; how it went is unchanged' });
  });

  it('ignores a state it does not know', () => {
    const plan = planDeploymentStatusEvent(aStatusEvent((p) => (p.deployment_status.state = 'rolling')));
    expect(plan).toEqual({ type: 'ignore', reason: 'deployment status state "rolling" is not one CompanyOS knows' });
  });
});

describe('planWorkflowRunEvent', () => {
  it('starts a deployment when a deploy workflow run is requested, keyed by the run id', () => {
    expect(planWorkflowRunEvent(aRunEvent('requested'), DEPLOY)).toEqual({
      type: 'upsert',
      key: 'github-run:289782451',
      source: { kind: 'WORKFLOW_RUN', reference: '289782451', url: 'https://github.com/octo-org/octo-repo/actions/runs/289782451' },
      status: IN_PROGRESS,
      at: at('2020-10-05T16:33:24Z'),
      githubState: 'requested',
      facts: {
        repository: 'octo-org/octo-repo',
        environment: 'PRODUCTION',
        githubEnvironment: null,
        ref: 'master',
        commitSha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
        commitAt: at('2020-10-05T16:32:07Z'),
        deployedBy: 'Codertocat',
        githubRunUrl: 'https://github.com/octo-org/octo-repo/actions/runs/289782451',
        startedAt: at('2020-10-05T16:33:49Z'),
      },
    });
  });

  it('matches the workflow name, taken from `workflow` when the run has none (as in the examples)', () => {
    const unnamed = githubWorkflowRunEvent.parse(githubExample('workflow_run', 'requested'));
    expect(unnamed.workflow_run.name).toBe('');
    expect(planWorkflowRunEvent(unnamed, /^test$/)).toMatchObject({ type: 'upsert', facts: { environment: 'DEVELOPMENT' } });
    expect(planWorkflowRunEvent(unnamed, DEPLOY)).toEqual({ type: 'ignore', reason: 'workflow "test" does not match the deploy pattern /deploy/i' });
  });

  it('ignores workflows that are not deploys', () => {
    const ci = aRunEvent('requested', (p) => (p.workflow_run.name = 'CI'));
    expect(planWorkflowRunEvent(ci, DEPLOY)).toEqual({ type: 'ignore', reason: 'workflow "CI" does not match the deploy pattern /deploy/i' });
  });

  it('matches the same way every time with a g-flag pattern', () => {
    const pattern = /deploy/gi;
    const event = aRunEvent('requested');
    expect([1, 2, 3].map(() => planWorkflowRunEvent(event, pattern).type)).toEqual(['upsert', 'upsert', 'upsert']);
  });

  it('reads the environment from the workflow name, with the configured rules', () => {
    const staging = aRunEvent('requested', (p) => (p.workflow_run.name = 'Deploy to preprod'));
    expect(planWorkflowRunEvent(staging, DEPLOY)).toMatchObject({ facts: { environment: 'STAGING' } });
    const plain = aRunEvent('requested', (p) => (p.workflow_run.name = 'Deploy'));
    expect(planWorkflowRunEvent(plain, DEPLOY)).toMatchObject({ facts: { environment: 'DEVELOPMENT' } });
    expect(planWorkflowRunEvent(plain, DEPLOY, parseEnvironmentRules('^deploy$=PRODUCTION'))).toMatchObject({ facts: { environment: 'PRODUCTION' } });
  });

  it('is IN_PROGRESS while the run is in progress', () => {
    expect(planWorkflowRunEvent(aRunEventLater('in_progress', null), DEPLOY)).toMatchObject({ status: IN_PROGRESS, githubState: 'in_progress' });
  });

  it('reads the published successful run', () => {
    const published = githubWorkflowRunEvent.parse(publishedExample('workflow_run', 1));
    expect(planWorkflowRunEvent(published, /^test$/)).toMatchObject({
      type: 'upsert',
      key: 'github-run:289782451',
      status: SUCCEEDED,
      at: at('2020-10-05T16:33:49Z'),
      githubState: 'success',
    });
  });

  it.each([
    ['success', SUCCEEDED],
    ['failure', FAILED],
    ['timed_out', FAILED],
    ['startup_failure', FAILED],
    ['stale', FAILED],
    ['cancelled', FAILED],
    ['action_required', PENDING],
  ])('maps a run completed with %s to %s, keeping the conclusion', (conclusion, status) => {
    expect(planWorkflowRunEvent(aRunEventLater('completed', conclusion), DEPLOY)).toMatchObject({ type: 'upsert', status, githubState: conclusion });
  });

  it.each([
    ['skipped', 'every job of the run was skipped: nothing was deployed'],
    ['neutral', 'the run concluded neutral: neither deployed nor failed'],
  ])('discards a run completed with %s', (conclusion, reason) => {
    expect(planWorkflowRunEvent(aRunEventLater('completed', conclusion), DEPLOY)).toEqual({
      type: 'discard',
      key: 'github-run:289782451',
      at: at('2020-10-05T16:35:02Z'),
      reason,
    });
  });

  it('ignores a completed run without a conclusion (the first published `completed` example)', () => {
    const published = aRunEvent('completed');
    expect(published.workflow_run.conclusion).toBeNull();
    expect(planWorkflowRunEvent(published, DEPLOY)).toEqual({
      type: 'ignore',
      reason: 'the run completed without a conclusion, so how the deployment went is unknown',
    });
  });

  it('ignores a conclusion or an action it does not know', () => {
    expect(planWorkflowRunEvent(aRunEventLater('completed', 'exploded'), DEPLOY)).toEqual({
      type: 'ignore',
      reason: 'workflow run conclusion "exploded" is not one CompanyOS knows',
    });
    expect(planWorkflowRunEvent(aRunEventLater('archived', null), DEPLOY)).toEqual({
      type: 'ignore',
      reason: 'workflow_run action "archived" does not change a deployment',
    });
  });

  it('takes the commit time only from the head commit itself', () => {
    const otherCommit = aRunEvent('requested', (p) => (p.workflow_run.head_commit.id = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e'));
    expect(planWorkflowRunEvent(otherCommit, DEPLOY)).toMatchObject({ facts: { commitAt: null } });
    const noCommit = aRunEvent('requested', (p) => (p.workflow_run.head_commit = null));
    expect(planWorkflowRunEvent(noCommit, DEPLOY)).toMatchObject({ facts: { commitAt: null } });
  });

  it('names who triggered the run (a re-run names who re-ran it), else the actor, else the sender', () => {
    const rerun = aRunEvent('requested', (p) => (p.workflow_run.triggering_actor = { ...p.workflow_run.actor, login: 'hubot' }));
    expect(planWorkflowRunEvent(rerun, DEPLOY)).toMatchObject({ facts: { deployedBy: 'hubot' } });
    const noTrigger = aRunEvent('requested', (p) => delete p.workflow_run.triggering_actor);
    expect(planWorkflowRunEvent(noTrigger, DEPLOY)).toMatchObject({ facts: { deployedBy: 'Codertocat' } });
    // The first published `completed` example has neither actor.
    const noActors = aRunEvent('completed', (p) => {
      p.workflow_run.conclusion = 'success';
      p.sender.login = 'octocat';
    });
    expect(planWorkflowRunEvent(noActors, DEPLOY)).toMatchObject({ facts: { deployedBy: 'octocat' } });
  });
});

describe('parseDeployPattern', () => {
  it('reads a case-insensitive regular expression', () => {
    expect(parseDeployPattern(' deploy|release ')).toEqual(/deploy|release/i);
  });

  it('refuses an empty or invalid pattern', () => {
    expect(() => parseDeployPattern('  ')).toThrow('the deploy workflow pattern is empty: expected a regular expression such as "deploy"');
    expect(() => parseDeployPattern('deploy(')).toThrow(/^the deploy workflow pattern "deploy\(" is not a valid regular expression: /);
  });
});

describe('mergeStatus', () => {
  const t1 = at('2026-02-03T10:00:00Z');
  const t2 = at('2026-02-03T10:05:00Z');

  it('takes the incoming status when there is no record yet', () => {
    expect(mergeStatus(null, IN_PROGRESS, null, t1)).toEqual({ status: IN_PROGRESS, at: t1 });
  });

  it('never replaces a terminal status with a non-terminal one, however late', () => {
    for (const terminal of [SUCCEEDED, FAILED, ROLLED_BACK]) {
      expect(mergeStatus(terminal, IN_PROGRESS, t1, t2)).toEqual({ status: terminal, at: t1 });
      expect(mergeStatus(terminal, PENDING, t1, t2)).toEqual({ status: terminal, at: t1 });
    }
  });

  it('lets any terminal status replace a non-terminal one, even an earlier one', () => {
    expect(mergeStatus(IN_PROGRESS, SUCCEEDED, t2, t1)).toEqual({ status: SUCCEEDED, at: t1 });
    expect(mergeStatus(PENDING, FAILED, t1, t2)).toEqual({ status: FAILED, at: t2 });
  });

  it('between two terminal statuses, takes the later', () => {
    expect(mergeStatus(FAILED, SUCCEEDED, t1, t2)).toEqual({ status: SUCCEEDED, at: t2 }); // a re-run that succeeded
    expect(mergeStatus(SUCCEEDED, FAILED, t2, t1)).toEqual({ status: SUCCEEDED, at: t2 }); // the failure, delivered late
    expect(mergeStatus(ROLLED_BACK, SUCCEEDED, t2, t1)).toEqual({ status: ROLLED_BACK, at: t2 });
  });

  it('between two non-terminal statuses, takes the later', () => {
    expect(mergeStatus(PENDING, IN_PROGRESS, t1, t2)).toEqual({ status: IN_PROGRESS, at: t2 });
    expect(mergeStatus(IN_PROGRESS, PENDING, t2, t1)).toEqual({ status: IN_PROGRESS, at: t2 });
  });

  it('at the same instant, takes the further (or worse) status whichever came first', () => {
    const pairs: [DeploymentStatus, DeploymentStatus, DeploymentStatus][] = [
      [PENDING, IN_PROGRESS, IN_PROGRESS],
      [SUCCEEDED, FAILED, FAILED],
      [FAILED, ROLLED_BACK, ROLLED_BACK],
    ];
    for (const [a, b, winner] of pairs) {
      expect(mergeStatus(a, b, t1, t1).status).toBe(winner);
      expect(mergeStatus(b, a, t1, t1).status).toBe(winner);
    }
  });

  it('changes nothing when the same status arrives twice, and keeps the later time', () => {
    expect(mergeStatus(SUCCEEDED, SUCCEEDED, t1, t1)).toEqual({ status: SUCCEEDED, at: t1 });
    expect(mergeStatus(SUCCEEDED, SUCCEEDED, t2, t1)).toEqual({ status: SUCCEEDED, at: t2 });
    expect(mergeStatus(SUCCEEDED, SUCCEEDED, t1, t2)).toEqual({ status: SUCCEEDED, at: t2 });
  });

  it('refuses a current status without its time', () => {
    expect(() => mergeStatus(SUCCEEDED, PENDING, null, t1)).toThrow('mergeStatus: the current status SUCCEEDED needs the time it was reached');
  });
});

describe('deliveries in any order end in the same state', () => {
  /** A stand-in for the store: applies plans as the app will, by key. */
  const apply = (plans: DeploymentPlan[]) => {
    const records = new Map<string, StatusAt>();
    const discarded = new Set<string>();
    for (const plan of plans) {
      if (plan.type === 'ignore') continue;
      if (plan.type === 'discard') {
        records.delete(plan.key);
        discarded.add(plan.key);
        continue;
      }
      if (discarded.has(plan.key)) continue;
      const current = records.get(plan.key);
      records.set(plan.key, mergeStatus(current?.status ?? null, plan.status, current?.at ?? null, plan.at));
    }
    return records;
  };
  const orders = <T>(items: T[]): T[][] => (items.length <= 1 ? [items] : items.flatMap((item, i) => orders([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest])));

  it('a completed run delivered before its requested (and in_progress) ends SUCCEEDED', () => {
    const requested = planWorkflowRunEvent(aRunEvent('requested'), DEPLOY);
    const started = planWorkflowRunEvent(aRunEventLater('in_progress', null, '2020-10-05T16:33:50Z'), DEPLOY);
    const completed = planWorkflowRunEvent(aRunEventLater('completed', 'success', '2020-10-05T16:35:02Z'), DEPLOY);
    expect(apply([completed, requested]).get('github-run:289782451')).toEqual({ status: SUCCEEDED, at: at('2020-10-05T16:35:02Z') });
    for (const order of orders([requested, started, completed])) {
      expect(apply(order).get('github-run:289782451')).toEqual({ status: SUCCEEDED, at: at('2020-10-05T16:35:02Z') });
    }
  });

  it('a failed run that is re-run and succeeds ends SUCCEEDED, whatever the order', () => {
    const failed = planWorkflowRunEvent(aRunEventLater('completed', 'failure', '2020-10-05T16:35:02Z'), DEPLOY);
    const rerun = planWorkflowRunEvent(aRunEventLater('requested', null, '2020-10-05T16:40:00Z'), DEPLOY);
    const succeeded = planWorkflowRunEvent(aRunEventLater('completed', 'success', '2020-10-05T16:42:00Z'), DEPLOY);
    for (const order of orders([failed, rerun, succeeded])) {
      expect(apply(order).get('github-run:289782451')?.status).toBe(SUCCEEDED);
    }
    expect(apply([failed, rerun]).get('github-run:289782451')?.status).toBe(FAILED); // until the re-run ends
  });

  it('a deployment status delivered before its deployment ends with the status', () => {
    const created = planDeploymentEvent(aDeploymentEvent());
    const inProgress = planDeploymentStatusEvent(
      aStatusEvent((p) => {
        p.deployment_status.state = 'in_progress';
        p.deployment_status.created_at = '2019-05-15T15:20:54Z';
      }),
    );
    const success = planDeploymentStatusEvent(aStatusEvent());
    for (const order of orders([created, inProgress, success])) {
      expect(apply(order).get('github-deployment:145988746')).toEqual({ status: SUCCEEDED, at: at('2019-05-15T15:20:55Z') });
    }
  });

  it('a skipped run leaves no record, even when its requested comes last', () => {
    const requested = planWorkflowRunEvent(aRunEvent('requested'), DEPLOY);
    const skipped = planWorkflowRunEvent(aRunEventLater('completed', 'skipped'), DEPLOY);
    for (const order of orders([requested, skipped])) expect(apply(order).has('github-run:289782451')).toBe(false);
  });

  it('the same delivery twice is the same as once', () => {
    const success = planDeploymentStatusEvent(aStatusEvent());
    expect(apply([success, success])).toEqual(apply([success]));
    expect(planDeploymentStatusEvent(aStatusEvent())).toEqual(success);
  });
});
