import { DeploymentDeadLetterEntity, DeploymentOutboxEntity, DeploymentProcessedMessageEntity, DiscardedGithubKeyEntity } from './deployments/deployment-messaging.entities';
import { DeploymentEntity } from './deployments/deployment.entity';
import { DeploymentSourceEntity } from './deployments/deployment-source.entity';
import { IncidentRecordEntity } from './incidents/incident-record.entity';
import { ReleaseGateOverrideEntity } from './release-gate/release-gate-override.entity';
import { DailyRollupEntity, MonthlyRollupEntity, RollupDirtyDayEntity } from './rollups/daily-rollup.entity';

/** Every table of the `deployments` schema. */
export const DEPLOYMENTS_ENTITIES = [
  DeploymentEntity,
  DeploymentSourceEntity,
  DeploymentOutboxEntity,
  DeploymentProcessedMessageEntity,
  DeploymentDeadLetterEntity,
  DiscardedGithubKeyEntity,
  IncidentRecordEntity,
  DailyRollupEntity,
  MonthlyRollupEntity,
  RollupDirtyDayEntity,
  ReleaseGateOverrideEntity,
];
