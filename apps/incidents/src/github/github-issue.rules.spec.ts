import { githubIssuesEvent, GithubIssuesEvent } from '@companyos/contracts';
import { githubExample } from '@companyos/testing';
import { IncidentSeverity, IncidentStatus } from '../incidents/incident.enums';
import { planIssue, severityFromLabels } from './github-issue.rules';

// GitHub's published `issues` examples, with their `bug` label renamed to `incident`.
const anIssueEvent = (action: string, change: (payload: Record<string, any>) => void = () => {}): GithubIssuesEvent => {
  const payload = githubExample('issues', action, { bug: 'incident' });
  change(payload);
  return githubIssuesEvent.parse(payload);
};

// The package publishes no `closed` example: close the `labeled` one as GitHub would.
const aClosedEvent = (closedAt: string) =>
  anIssueEvent('labeled', (p) => {
    p.action = 'closed';
    p.issue.state = 'closed';
    p.issue.closed_at = closedAt;
    delete p.label;
  });

const tracked = (overrides: Partial<{ title: string; severity: IncidentSeverity; status: IncidentStatus; commander: string | null }> = {}) => ({
  title: 'Spelling error in the README file',
  severity: IncidentSeverity.SEV3,
  status: IncidentStatus.OPEN,
  commander: 'Codertocat',
  ...overrides,
});

describe('severityFromLabels', () => {
  it('takes the most severe sevN label, case-insensitively', () => {
    expect(severityFromLabels([{ name: 'sev3' }, { name: 'SEV1' }, { name: 'incident' }])).toBe(IncidentSeverity.SEV1);
    expect(severityFromLabels([{ name: 'sev5' }, { name: 'severity' }])).toBeUndefined();
  });
});

describe('planIssue', () => {
  it('declares an untracked open issue labelled incident, whatever the action', () => {
    expect(planIssue(anIssueEvent('labeled'), null)).toEqual({ type: 'declare' });
    expect(planIssue(anIssueEvent('opened'), null)).toEqual({ type: 'declare' });
    expect(planIssue(anIssueEvent('milestoned'), null)).toEqual({ type: 'declare' });
  });

  it('ignores issues without the label, closed ones and deletions', () => {
    const unlabelled = githubIssuesEvent.parse(githubExample('issues', 'labeled'));
    expect(planIssue(unlabelled, null).type).toBe('ignore');
    expect(planIssue(aClosedEvent('2019-05-15T16:00:00Z'), null).type).toBe('ignore');
    expect(planIssue(anIssueEvent('deleted'), null).type).toBe('ignore');
  });

  it('follows title edits of a tracked issue', () => {
    const edited = anIssueEvent('edited', (p) => (p.issue.title = 'README typo takes the site down'));
    expect(planIssue(edited, tracked())).toEqual({ type: 'change', title: 'README typo takes the site down' });
    expect(planIssue(anIssueEvent('edited'), tracked()).type).toBe('ignore');
  });

  it('resolves at closed_at when the issue closes, once', () => {
    const closed = aClosedEvent('2019-05-15T16:00:00Z');
    expect(planIssue(closed, tracked())).toEqual({ type: 'change', resolveAt: new Date('2019-05-15T16:00:00Z') });
    expect(planIssue(closed, tracked({ status: IncidentStatus.RESOLVED })).type).toBe('ignore');
  });

  it('reopens a resolved incident when the issue reopens', () => {
    expect(planIssue(anIssueEvent('reopened'), tracked({ status: IncidentStatus.RESOLVED }))).toEqual({ type: 'change', reopen: true });
    expect(planIssue(anIssueEvent('reopened'), tracked()).type).toBe('ignore');
  });

  it('changes severity when a sevN label changes', () => {
    const relabelled = anIssueEvent('labeled', (p) => p.issue.labels.push({ ...p.issue.labels[0], name: 'sev1' }));
    expect(planIssue(relabelled, tracked())).toEqual({ type: 'change', severity: IncidentSeverity.SEV1 });
    expect(planIssue(relabelled, tracked({ severity: IncidentSeverity.SEV1 })).type).toBe('ignore');
  });

  it('takes the first assignee as commander only when there is none', () => {
    expect(planIssue(anIssueEvent('assigned'), tracked({ commander: null }))).toEqual({ type: 'change', commander: 'Codertocat' });
    expect(planIssue(anIssueEvent('assigned'), tracked()).type).toBe('ignore');
  });
});
