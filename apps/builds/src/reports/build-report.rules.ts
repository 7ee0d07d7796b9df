import type { RunObservation, StageObservation } from '../runs/build-runs.service';
import { matrixGroup } from '../runs/build-run.rules';
import type { FinishBuildInput, ReportBuildInput, StageReportInput } from './build-report.input';

/** A run as another CI reports it starting: in progress (unless queued), created now unless told. */
export function observeReportedRun(input: ReportBuildInput, runId: string, now: Date): RunObservation {
  const status = input.status ?? 'in_progress';
  const createdAt = input.createdAt ?? input.startedAt ?? now;
  return {
    source: 'api',
    repository: input.repository,
    externalId: runId,
    attempt: input.attempt ?? 1,
    workflow: input.workflow,
    runNumber: input.runNumber ?? null,
    event: input.event ?? null,
    branch: input.branch ?? null,
    commitSha: input.commitSha,
    defaultBranch: input.defaultBranch ?? null,
    actor: input.actor ?? null,
    url: input.url ?? null,
    changedFiles: input.changedFiles ?? null,
    changedLines: input.changedLines ?? null,
    status,
    conclusion: null,
    createdAt,
    startedAt: input.startedAt ?? (status === 'in_progress' ? createdAt : null),
    completedAt: null,
  };
}

/** How the run ended, merged into what was reported. */
export const observeFinish = (input: FinishBuildInput, now: Date) => ({
  status: 'completed',
  conclusion: input.conclusion,
  createdAt: null,
  startedAt: null,
  completedAt: input.completedAt ?? now,
});

/** A reported stage: completed when it has a conclusion, in progress when started, else queued; steps numbered by position unless told. */
export function observeReportedStage(input: StageReportInput): StageObservation {
  return {
    externalId: input.name,
    name: input.name,
    groupName: matrixGroup(input.name),
    runnerName: input.runnerName ?? null,
    runnerLabels: input.runnerLabels ?? [],
    url: input.url ?? null,
    ...progressOf(input),
    createdAt: input.createdAt ?? input.startedAt ?? null,
    tasks: (input.steps ?? []).map((step, index) => ({
      number: step.number ?? index + 1,
      name: step.name,
      ...progressOf(step),
      createdAt: null,
    })),
  };
}

function progressOf(input: { conclusion?: string; startedAt?: Date; completedAt?: Date }) {
  const status = input.conclusion ? 'completed' : input.startedAt ? 'in_progress' : 'queued';
  return {
    status,
    conclusion: input.conclusion ?? null,
    startedAt: input.startedAt ?? null,
    completedAt: status === 'completed' ? input.completedAt ?? input.startedAt ?? null : null,
  };
}
