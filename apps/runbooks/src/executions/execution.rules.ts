import { DomainError } from '@companyos/platform';
import { ExecutionError } from './execution.errors';
import { ExecutionStatus, FINISHED_STATUSES } from './execution.enums';

/** An execution's progress, as the rules see it. */
export interface Progress {
  status: ExecutionStatus;
  stepsCompleted: number;
  stepsTotal: number;
  currentStep: string | null;
  notes: string | null;
  stepCompletedAt: string[];
  finishedAt: Date | null;
}

/** A progress report (`PATCH /api/companyos/runbook-executions/:id`); absent fields stay as they are. */
export interface ProgressReport {
  stepsCompleted?: number;
  stepsTotal?: number;
  currentStep?: string | null;
  status?: ExecutionStatus;
  notes?: string | null;
}

export const isFinished = (status: ExecutionStatus) => FINISHED_STATUSES.includes(status);

/**
 * Applies a progress report: a finished execution cannot change, steps never
 * go backwards (nor past the total), each newly completed step gets `now` as
 * its time, and a final status stamps finishedAt. Answers the new progress.
 */
export function applyProgress(id: string, current: Progress, report: ProgressReport, now: Date): Progress {
  if (isFinished(current.status)) {
    throw new DomainError(ExecutionError.AlreadyFinished, `runbook execution ${id} is already ${current.status.toLowerCase()} and cannot change`);
  }
  const stepsTotal = report.stepsTotal ?? current.stepsTotal;
  const stepsCompleted = report.stepsCompleted ?? current.stepsCompleted;
  if (stepsCompleted < current.stepsCompleted) {
    throw new DomainError(
      ExecutionError.StepsBackwards,
      `stepsCompleted cannot go back from ${current.stepsCompleted} to ${stepsCompleted} (runbook execution ${id})`,
    );
  }
  if (stepsTotal < 1) throw new DomainError(ExecutionError.InvalidProgress, `stepsTotal must be at least 1 (got ${stepsTotal})`);
  if (stepsCompleted > stepsTotal) {
    throw new DomainError(ExecutionError.InvalidProgress, `stepsCompleted (${stepsCompleted}) cannot exceed stepsTotal (${stepsTotal})`);
  }
  const stamp = now.toISOString();
  const stepCompletedAt = [...current.stepCompletedAt];
  while (stepCompletedAt.length < stepsCompleted) stepCompletedAt.push(stamp);
  const status = report.status ?? current.status;
  return {
    status,
    stepsCompleted,
    stepsTotal,
    currentStep: report.currentStep === undefined ? current.currentStep : report.currentStep,
    notes: report.notes === undefined ? current.notes : report.notes,
    stepCompletedAt,
    finishedAt: isFinished(status) ? now : null,
  };
}
