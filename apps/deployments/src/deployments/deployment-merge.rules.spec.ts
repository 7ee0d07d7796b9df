import { mergeLockNames, MergeCandidate, MergeReport, mergeTarget, normalizeRunUrl } from './deployment-merge.rules';

const at = (iso: string) => new Date(`${iso}Z`);
const HOUR = 3_600_000;
const SHA = '9f3c2a1b7e6d5c4b3a2918f7e6d5c4b3a2918f7e';
const RUN = 'https://github.com/acme/checkout/actions/runs/4242';

/** Deploy of checkout at 10:00 on 2 March 2026, commit SHA, reported by GitHub's deployment event. */
const fromGithubDeployment: MergeCandidate = {
  id: 'a',
  serviceName: 'acme/checkout',
  environment: 'PRODUCTION',
  commitSha: SHA,
  runUrl: null,
  startedAt: at('2026-03-02T10:00:00'),
  kinds: ['GITHUB_DEPLOYMENT'],
};

const report = (overrides: Partial<MergeReport> = {}): MergeReport => ({
  kind: 'API',
  serviceName: 'acme/checkout',
  environment: 'PRODUCTION',
  commitSha: SHA,
  runUrl: null,
  startedAt: at('2026-03-02T10:02:00'),
  ...overrides,
});

describe('one change, one deployment', () => {
  it('joins the API call for the same commit 2 minutes later to the GitHub deployment', () => {
    expect(mergeTarget(report(), [fromGithubDeployment], HOUR)?.id).toBe('a');
  });

  it('joins within the window either side, and not past it', () => {
    expect(mergeTarget(report({ startedAt: at('2026-03-02T09:00:00') }), [fromGithubDeployment], HOUR)?.id).toBe('a');
    expect(mergeTarget(report({ startedAt: at('2026-03-02T11:00:00') }), [fromGithubDeployment], HOUR)?.id).toBe('a');
    expect(mergeTarget(report({ startedAt: at('2026-03-02T11:00:01') }), [fromGithubDeployment], HOUR)).toBeNull();
  });

  it('never joins another service, environment or commit', () => {
    expect(mergeTarget(report({ serviceName: 'acme/search' }), [fromGithubDeployment], HOUR)).toBeNull();
    expect(mergeTarget(report({ environment: 'STAGING' }), [fromGithubDeployment], HOUR)).toBeNull();
    expect(mergeTarget(report({ commitSha: 'deadbeef' }), [fromGithubDeployment], HOUR)).toBeNull();
  });

  it('compares shas case-insensitively', () => {
    expect(mergeTarget(report({ commitSha: SHA.toUpperCase() }), [fromGithubDeployment], HOUR)?.id).toBe('a');
  });

  it('keeps two reports of the same kind apart: a second GitHub deployment of one commit is a re-deploy', () => {
    expect(mergeTarget(report({ kind: 'GITHUB_DEPLOYMENT' }), [fromGithubDeployment], HOUR)).toBeNull();
  });

  it('joins by the run a report names, before the commit, whatever the time (a run is one run)', () => {
    const byRun = { ...fromGithubDeployment, id: 'run', commitSha: null, runUrl: RUN, kinds: ['WORKFLOW_RUN' as const], startedAt: at('2026-03-01T00:00:00') };
    const onlyRun = report({ commitSha: null, runUrl: `${RUN}/job/77` });
    expect(mergeTarget(onlyRun, [fromGithubDeployment, byRun], HOUR)?.id).toBe('run');
    expect(mergeTarget(report({ runUrl: RUN }), [fromGithubDeployment, byRun], HOUR)?.id).toBe('run');
  });

  it('takes the closest in time when several deployments of the commit could take it', () => {
    const later = { ...fromGithubDeployment, id: 'b', startedAt: at('2026-03-02T10:30:00') };
    expect(mergeTarget(report({ startedAt: at('2026-03-02T10:20:00') }), [fromGithubDeployment, later], HOUR)?.id).toBe('b');
    expect(mergeTarget(report({ startedAt: at('2026-03-02T10:05:00') }), [later, fromGithubDeployment], HOUR)?.id).toBe('a');
  });

  it('reads the run from a job’s or an attempt’s page, and nothing from a check run’s', () => {
    expect(normalizeRunUrl(`${RUN}/job/77`)).toBe(RUN);
    expect(normalizeRunUrl(`${RUN}/attempts/2?pr=3`)).toBe(RUN);
    expect(normalizeRunUrl('https://GitHub.com/Acme/Checkout/actions/runs/4242')).toBe(RUN);
    expect(normalizeRunUrl('https://github.com/acme/checkout/runs/145988746')).toBeNull();
    expect(normalizeRunUrl('')).toBeNull();
  });

  it('locks on the change’s commit and run, so two reports of it arriving at once wait for each other', () => {
    expect(mergeLockNames(report({ runUrl: `${RUN}/job/1` }))).toEqual([`deployment-commit:acme/checkout|PRODUCTION|${SHA}`, `deployment-run:${RUN}`]);
    expect(mergeLockNames(report({ commitSha: null }))).toEqual([]);
  });
});
