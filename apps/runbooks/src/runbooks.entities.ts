import { ProductionDeploymentEntity } from './deployments/production-deployment.entity';
import { AlertGroupAlertEntity } from './escalations/alert-group-alert.entity';
import { EscalationEntity, EscalationPolicyEntity, PageEntity } from './escalations/escalation.entity';
import { IncidentStateEntity } from './escalations/incident-state.entity';
import { ExecutionEntity } from './executions/execution.entity';
import { RunbookDeadLetterEntity, RunbookOutboxEntity, RunbookProcessedMessageEntity } from './runbooks/runbook-messaging.entities';
import { RunbookEntity } from './runbooks/runbook.entity';
import { ScheduleEntity, ScheduleOverrideEntity, ScheduleVersionEntity } from './schedules/schedule.entity';

/** Every table of the `runbooks` schema. */
export const RUNBOOKS_ENTITIES = [RunbookEntity, ExecutionEntity, RunbookOutboxEntity, RunbookProcessedMessageEntity, RunbookDeadLetterEntity, ScheduleEntity, ScheduleVersionEntity, ScheduleOverrideEntity, EscalationPolicyEntity, EscalationEntity, PageEntity, IncidentStateEntity, AlertGroupAlertEntity, ProductionDeploymentEntity];
