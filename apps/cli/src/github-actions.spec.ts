import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { githubRun, readEventPayload } from './github-actions';

describe('GitHub Actions defaults', () => {
  const env = {
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: 'a1b2c3d',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SERVER_URL: 'https://github.example.com/',
    GITHUB_RUN_ID: '42',
    GITHUB_RUN_ATTEMPT: '2',
  };

  it('reads the repository, commit, actor and run URL the runner sets', () => {
    expect(githubRun(env, { head_commit: { timestamp: '2026-05-04T10:00:00+02:00' } })).toEqual({
      repository: 'acme/shop',
      sha: 'a1b2c3d',
      actor: 'octocat',
      runUrl: 'https://github.example.com/acme/shop/actions/runs/42',
      runKey: 'acme/shop/42/2',
      commitTimestamp: '2026-05-04T10:00:00+02:00',
    });
  });

  it('defaults the server to github.com and the attempt to 1, and gives nothing outside Actions', () => {
    expect(githubRun({ GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '7' }, undefined)).toMatchObject({ runUrl: 'https://github.com/acme/shop/actions/runs/7', runKey: 'acme/shop/7/1' });
    expect(githubRun({}, undefined)).toEqual({ repository: undefined, sha: undefined, actor: undefined, runUrl: undefined, runKey: undefined, commitTimestamp: undefined });
    expect(githubRun({ ...env, GITHUB_RUN_ID: '  ' }, { head_commit: { timestamp: 'not a date' } })).toMatchObject({ runUrl: undefined, commitTimestamp: undefined });
  });

  it('reads the event payload file, ignoring a missing or malformed one', () => {
    const folder = mkdtempSync(join(tmpdir(), 'companyos-event-'));
    writeFileSync(join(folder, 'event.json'), JSON.stringify({ head_commit: { timestamp: '2026-05-04T08:00:00Z' } }));
    writeFileSync(join(folder, 'broken.json'), '{');
    expect(githubRun({ GITHUB_EVENT_PATH: join(folder, 'event.json') }).commitTimestamp).toBe('2026-05-04T08:00:00Z');
    expect(readEventPayload(join(folder, 'broken.json'))).toBeUndefined();
    expect(readEventPayload(join(folder, 'missing.json'))).toBeUndefined();
  });
});
