import { FailureModelEntity } from './prediction/failure-model.entity';
import { ArtifactEntity } from './runs/artifact.entity';
import { BuildDeadLetterEntity, BuildOutboxEntity, BuildProcessedMessageEntity } from './runs/build-messaging.entities';
import { BuildRunEntity } from './runs/build-run.entity';
import { StageEntity } from './runs/stage.entity';
import { TaskEntity } from './runs/task.entity';
import { QuarantineEntity } from './tests/quarantine.entity';
import { TestCaseEntity } from './tests/test-case.entity';
import { TestResultEntity } from './tests/test-result.entity';
import { TestUploadEntity } from './tests/test-upload.entity';

/** Every table of the `builds` schema. */
export const BUILDS_ENTITIES = [
  BuildRunEntity,
  StageEntity,
  TaskEntity,
  ArtifactEntity,
  TestCaseEntity,
  TestUploadEntity,
  TestResultEntity,
  QuarantineEntity,
  FailureModelEntity,
  BuildOutboxEntity,
  BuildProcessedMessageEntity,
  BuildDeadLetterEntity,
];
