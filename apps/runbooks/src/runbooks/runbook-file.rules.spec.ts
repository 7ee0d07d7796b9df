import { parseDuration, parseRunbookYaml } from './runbook-file.rules';
import { planSync, StoredRunbook } from './runbook-sync.rules';

const asFile = (name: string) => (_declared: string | null) => name;

describe('parseDuration', () => {
  it('reads hours, minutes and seconds', () => {
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('2h')).toBe(7200);
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('')).toBeNull();
    expect(parseDuration('0m')).toBeNull();
    expect(parseDuration('15 minutes')).toBeNull();
  });
});

describe('parseRunbookYaml', () => {
  const good = `title: Redis unreachable
category: datastore
estimatedDuration: 1h30m
services: [gateway, alerts]
alerts: [RedisDown]
owner: platform-team
tags: [redis]
steps:
  - title: Check the Redis pod
    command: kubectl get pods -l app=redis
  - title: Fail over
    link: https://redis.io/docs/management/sentinel/
    optional: true
`;

  it('reads a runbook file into its definition', () => {
    const { runbooks, errors } = parseRunbookYaml(good, 'redis.yaml', asFile('redis.yaml'));
    expect(errors).toEqual([]);
    expect(runbooks[0].path).toBe('redis.yaml');
    expect(runbooks[0].definition).toEqual({
      title: 'Redis unreachable',
      category: 'datastore',
      estimatedDurationSeconds: 5400,
      services: ['gateway', 'alerts'],
      alerts: ['RedisDown'],
      owner: 'platform-team',
      tags: ['redis'],
      url: null,
      steps: [
        { title: 'Check the Redis pod', description: null, command: 'kubectl get pods -l app=redis', link: null, optional: false },
        { title: 'Fail over', description: null, command: null, link: 'https://redis.io/docs/management/sentinel/', optional: true },
      ],
    });
  });

  it('hashes what the runbook says, not its layout or comments', () => {
    const a = parseRunbookYaml(good, 'a', asFile('a')).runbooks[0].hash;
    const b = parseRunbookYaml(`# a comment\n${good}\n\n`, 'a', asFile('a')).runbooks[0].hash;
    const c = parseRunbookYaml(good.replace('Fail over', 'Fail over to the replica'), 'a', asFile('a')).runbooks[0].hash;
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('names the field and line of a step without a title', () => {
    const broken = 'title: X\nsteps:\n  - title: one\n  - description: no title here\n';
    expect(parseRunbookYaml(broken, 'x.yaml', asFile('x.yaml')).errors).toEqual([
      { file: 'x.yaml', line: 4, message: 'steps.1.title: is required' },
    ]);
  });

  it('gives the line of a YAML syntax error, a bad duration and an unknown field', () => {
    expect(parseRunbookYaml('title: X\nsteps:\n  - title: [unclosed\n', 'x', asFile('x')).errors[0].line).toBeGreaterThanOrEqual(3);
    expect(parseRunbookYaml('title: X\nestimatedDuration: soon\nsteps: [{title: a}]\n', 'x', asFile('x')).errors).toEqual([
      { file: 'x', line: 2, message: 'estimatedDuration: must be a duration such as "15m" or "1h30m"' },
    ]);
    expect(parseRunbookYaml('title: X\ntitel: Y\nsteps: [{title: a}]\n', 'x', asFile('x')).errors[0].message).toBe('unknown field "titel"');
    expect(parseRunbookYaml('', 'x', asFile('x')).errors[0].message).toMatch(/empty/);
    expect(parseRunbookYaml('- just\n- a list\n', 'x', asFile('x')).errors[0].message).toMatch(/mapping/);
  });

  it('reads many documents of a posted body, each keyed by its path or title, errors at their line in the body', () => {
    const body = `path: one.yaml\ntitle: One\nsteps: [{title: a}]\n---\ntitle: Two words\nsteps: [{title: b}]\n---\ntitle: Bad\nsteps: []\n`;
    const { runbooks, errors } = parseRunbookYaml(body, 'body', (declared, _i, title) => declared ?? title.toLowerCase().replace(' ', '-'));
    expect(runbooks.map((r) => r.path)).toEqual(['one.yaml', 'two-words']);
    expect(errors).toEqual([{ file: 'body', line: 9, message: 'steps: must list at least one step' }]);
  });
});

describe('planSync', () => {
  const parsed = (path: string, hash: string) => ({ path, hash, definition: {} as never });
  const stored = (path: string, hash: string, over: Partial<StoredRunbook> = {}): StoredRunbook => ({
    id: `id-${path}`,
    path,
    contentHash: hash,
    retired: false,
    fromDirectory: true,
    ...over,
  });

  it('creates, updates by hash, keeps the unchanged and retires directory runbooks whose file is gone', () => {
    const plan = planSync(
      [stored('same', 'h1'), stored('changed', 'h1'), stored('gone', 'h1'), stored('broken', 'h1'), stored('posted', 'h1', { fromDirectory: false })],
      [parsed('same', 'h1'), parsed('changed', 'h2'), parsed('new', 'h3')],
      new Set(['broken']),
      true,
    );
    expect(plan.create.map((r) => r.path)).toEqual(['new']);
    expect(plan.update.map((u) => u.id)).toEqual(['id-changed']);
    expect(plan.retire.map((r) => r.path)).toEqual(['gone']);
    expect(plan.unchanged).toBe(1);
  });

  it('brings a retired runbook back as an update, and never retires on a posted body', () => {
    const plan = planSync([stored('back', 'h1', { retired: true }), stored('other', 'h1')], [parsed('back', 'h1')], new Set(), false);
    expect(plan.update.map((u) => u.id)).toEqual(['id-back']);
    expect(plan.retire).toEqual([]);
  });
});
