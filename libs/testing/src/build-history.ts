/**
 * Generated CI histories for the builds app's failure prediction (tests and
 * bench): seeded, so a given seed always gives the same history.
 *
 * `realistic`: runs of two workflows on main and on short-lived feature
 * branches, by authors of differing care, with changes of log-normal size
 * (reported for about 70 % of runs). A lane (workflow + branch) that breaks
 * stays broken for a streak (each next run fails with 75 %), so "same as
 * last time" is a strong baseline; a fresh failure is likelier for large
 * changes by careless authors; a flaky failure (a few % of runs, more in
 * flaky periods) is re-run at once on the same commit and usually passes.
 *
 * `streaks`: one lane, no authors, no changes: failures come only in
 * streaks, so the last outcome says all there is to know.
 */
export interface GeneratedRun {
  id: string;
  externalId: string;
  attempt: number;
  workflow: string;
  branch: string;
  actor: string | null;
  commitSha: string;
  conclusion: 'success' | 'failure' | 'cancelled';
  createdAt: Date;
  startedAt: Date;
  completedAt: Date;
  changedFiles: number | null;
  changedLines: number | null;
}

export interface HistoryOptions {
  runs: number;
  seed: number;
  kind: 'realistic' | 'streaks';
  start?: Date;
}

/** mulberry32: a small seeded PRNG in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function generateBuildHistory(options: HistoryOptions): GeneratedRun[] {
  const random = seededRandom(options.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const realistic = options.kind === 'realistic';
  const authors = realistic ? Array.from({ length: 8 }, (_, i) => ({ name: `dev-${i}`, care: -1.2 + (2.4 * i) / 7 })) : [];
  const workflows = realistic ? ['ci', 'integration'] : ['ci'];
  const broken = new Map<string, boolean>();
  const runs: GeneratedRun[] = [];
  let clock = (options.start ?? new Date(Date.UTC(2026, 0, 5, 8))).getTime();
  let branchNo = 0;
  let branch = 'main';
  let id = 0;
  let flakyPeriod = false;
  const sha = () => Array.from({ length: 40 }, () => Math.floor(random() * 16).toString(16)).join('');
  const push = (run: Omit<GeneratedRun, 'id'>) => runs.push({ ...run, id: String(++id) });

  while (runs.length < options.runs) {
    clock += (5 + random() * 55) * 60_000;
    if (realistic && random() < 0.15) branch = random() < 0.5 ? 'main' : `feature-${++branchNo}`;
    if (realistic && random() < 0.02) flakyPeriod = !flakyPeriod;
    const author = realistic ? pick(authors) : null;
    const lines = realistic ? Math.round(Math.exp(3.5 + 1.3 * normal())) : null;
    const files = lines === null ? null : Math.max(1, Math.round(lines / (10 + random() * 30)));
    const reported = realistic && random() < 0.7;
    const commitSha = sha();
    for (const workflow of workflows) {
      const lane = `${workflow}\0${branch}`;
      let fails: boolean;
      if (broken.get(lane)) {
        fails = random() < 0.75;
      } else if (realistic) {
        fails = random() < sigmoid(-3.4 + 1.4 * author!.care + 1.1 * (Math.log1p(lines!) - 3.5));
      } else {
        fails = random() < 0.08;
      }
      broken.set(lane, fails);
      const flaky = realistic && !fails && random() < (flakyPeriod ? 0.12 : 0.03);
      const createdAt = new Date(clock + random() * 60_000);
      const startedAt = new Date(createdAt.getTime() + (10 + random() * 120) * 1000);
      const completedAt = new Date(startedAt.getTime() + (4 + random() * 16) * 60_000);
      const externalId = String(1_000_000 + runs.length);
      const base = { externalId, workflow, branch, actor: author?.name ?? null, commitSha, createdAt, startedAt, completedAt, changedFiles: reported ? files : null, changedLines: reported ? lines : null };
      const conclusion = fails || flaky ? 'failure' : realistic && random() < 0.03 ? 'cancelled' : 'success';
      push({ ...base, attempt: 1, conclusion });
      if (flaky) {
        // Re-run at once on the same commit; a flaky failure usually passes then.
        const again = new Date(completedAt.getTime() + 60_000);
        push({ ...base, attempt: 2, conclusion: random() < 0.9 ? 'success' : 'failure', createdAt: again, startedAt: new Date(again.getTime() + 30_000), completedAt: new Date(again.getTime() + 30_000 + (completedAt.getTime() - startedAt.getTime())) });
      }
    }
  }
  return runs.slice(0, options.runs);
}
