import { DomainError } from '@companyos/platform';
import { ExecutionStatus } from './execution.enums';
import { applyProgress, Progress } from './execution.rules';

const started: Progress = {
  status: ExecutionStatus.IN_PROGRESS,
  stepsCompleted: 0,
  stepsTotal: 5,
  currentStep: null,
  notes: null,
  stepCompletedAt: [],
  finishedAt: null,
};
const t1 = new Date('2026-03-01T10:00:00Z');
const t2 = new Date('2026-03-01T10:05:00Z');

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as DomainError).code;
  }
  return 'no error';
};

describe('applyProgress', () => {
  it('stamps each newly completed step with the time of the report', () => {
    const after3 = applyProgress('x', started, { stepsCompleted: 3, stepsTotal: 5, currentStep: 'Rolling back deployment' }, t1);
    expect(after3).toMatchObject({ stepsCompleted: 3, currentStep: 'Rolling back deployment', status: ExecutionStatus.IN_PROGRESS, finishedAt: null });
    expect(after3.stepCompletedAt).toEqual([t1.toISOString(), t1.toISOString(), t1.toISOString()]);
    const after4 = applyProgress('x', after3, { stepsCompleted: 4 }, t2);
    expect(after4.stepCompletedAt).toEqual([t1, t1, t1, t2].map((t) => t.toISOString()));
    expect(after4.currentStep).toBe('Rolling back deployment');
  });

  it('refuses steps going backwards, past the total, or a total below 1', () => {
    const after3 = applyProgress('x', started, { stepsCompleted: 3 }, t1);
    expect(codeOf(() => applyProgress('x', after3, { stepsCompleted: 2 }, t2))).toBe('RUNBOOK_EXECUTION_STEPS_BACKWARDS');
    expect(codeOf(() => applyProgress('x', after3, { stepsCompleted: 6 }, t2))).toBe('INVALID_RUNBOOK_EXECUTION_PROGRESS');
    expect(codeOf(() => applyProgress('x', after3, { stepsTotal: 2 }, t2))).toBe('INVALID_RUNBOOK_EXECUTION_PROGRESS');
    expect(codeOf(() => applyProgress('x', started, { stepsTotal: 0 }, t2))).toBe('INVALID_RUNBOOK_EXECUTION_PROGRESS');
  });

  it('finishes with a final status, after which nothing may change', () => {
    const done = applyProgress('x', started, { stepsCompleted: 5, status: ExecutionStatus.COMPLETED }, t1);
    expect(done.finishedAt).toEqual(t1);
    expect(codeOf(() => applyProgress('x', done, { notes: 'late note' }, t2))).toBe('RUNBOOK_EXECUTION_ALREADY_FINISHED');
    const aborted = applyProgress('x', started, { status: ExecutionStatus.ABORTED, notes: 'wrong runbook' }, t1);
    expect(aborted).toMatchObject({ status: ExecutionStatus.ABORTED, notes: 'wrong runbook', stepsCompleted: 0 });
    expect(codeOf(() => applyProgress('x', aborted, { status: ExecutionStatus.IN_PROGRESS }, t2))).toBe('RUNBOOK_EXECUTION_ALREADY_FINISHED');
  });
});
