import { ArtifactEntity } from './runs/artifact.entity';
import { BuildDeadLetterEntity, BuildOutboxEntity, BuildProcessedMessageEntity } from './runs/build-messaging.entities';
import { BuildRunEntity } from './runs/build-run.entity';
import { StageEntity } from './runs/stage.entity';
import { TaskEntity } from './runs/task.entity';

/** Every table of the `builds` schema. */
export const BUILDS_ENTITIES = [BuildRunEntity, StageEntity, TaskEntity, ArtifactEntity, BuildOutboxEntity, BuildProcessedMessageEntity, BuildDeadLetterEntity];
