import { ArtifactEntity } from './artifact.entity';
import { BuildRunEntity } from './build-run.entity';
import { Artifact, BuildRun, Stage, Task } from './build-run.model';
import { durationSeconds, queuedSeconds } from './build-run.rules';
import { StageEntity } from './stage.entity';
import { TaskEntity } from './task.entity';

export const toBuildRun = (e: BuildRunEntity): BuildRun => ({
  id: e.id,
  source: e.source,
  repository: e.repository,
  workflow: e.workflow,
  runId: e.externalId,
  attempt: e.attempt,
  runNumber: e.runNumber,
  event: e.event,
  branch: e.branch,
  commitSha: e.commitSha,
  actor: e.actor,
  status: e.status,
  conclusion: e.conclusion,
  createdAt: e.createdAt,
  startedAt: e.startedAt,
  completedAt: e.completedAt,
  queuedSeconds: queuedSeconds(e),
  durationSeconds: durationSeconds(e),
  url: e.url,
});

export const toStage = (e: StageEntity): Stage => ({
  id: e.id,
  runId: e.runId,
  name: e.name,
  group: e.groupName,
  status: e.status,
  conclusion: e.conclusion,
  runnerName: e.runnerName,
  runnerLabels: e.runnerLabels,
  createdAt: e.createdAt,
  startedAt: e.startedAt,
  completedAt: e.completedAt,
  queuedSeconds: queuedSeconds(e),
  durationSeconds: durationSeconds(e),
  url: e.url,
});

export const toTask = (e: TaskEntity): Task => ({
  number: e.number,
  name: e.name,
  status: e.status,
  conclusion: e.conclusion,
  startedAt: e.startedAt,
  completedAt: e.completedAt,
  durationSeconds: durationSeconds(e),
});

export const toArtifact = (e: ArtifactEntity): Artifact => ({
  name: e.name,
  sizeBytes: e.sizeBytes === null ? null : Number(e.sizeBytes),
  url: e.url,
  checksum: e.checksum,
});
