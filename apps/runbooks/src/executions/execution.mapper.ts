import type { ExecutionEntity } from './execution.entity';
import type { RunbookExecution } from './execution.model';

export const toExecution = (e: ExecutionEntity): RunbookExecution => ({
  id: e.id,
  runbookId: e.runbookId,
  snapshot: { title: e.snapshot.title, version: e.snapshot.version, steps: e.snapshot.steps },
  incidentId: e.incidentId,
  triggeredBy: e.triggeredBy,
  triggerSource: e.triggerSource,
  alertId: e.alertId,
  alertName: e.alertName,
  services: e.services,
  status: e.status,
  stepsCompleted: e.stepsCompleted,
  stepsTotal: e.stepsTotal,
  currentStep: e.currentStep,
  notes: e.notes,
  stepCompletedAt: e.stepCompletedAt.map((at) => new Date(at)),
  startedAt: e.startedAt,
  finishedAt: e.finishedAt,
  finishedBy: e.finishedBy,
});
