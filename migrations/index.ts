import { CreateAccessSchema1795552800000 } from './access/1795552800000-create-access-schema';
import { CreateAccess1795552974829 } from './access/1795552974829-create-access';
import { MakeAuditEventsAppendOnly1795553100000 } from './access/1795553100000-make-audit-events-append-only';
import { CreateAlertsSchema1795535600000 } from './alerts/1795535600000-create-alerts-schema';
import { CreateAlerts1795535651014 } from './alerts/1795535651014-create-alerts';
import { CreateDeploymentsSchema1795547200000 } from './deployments/1795547200000-create-deployments-schema';
import { CreateDeployments1795548591987 } from './deployments/1795548591987-create-deployments';
import { CreateIncidentsSchema1795531000001 } from './incidents/1795531000001-create-incidents-schema';
import { CreateIncidents1795531090119 } from './incidents/1795531090119-create-incidents';
import { AttachAlertsToIncidents1795535654008 } from './incidents/1795535654008-attach-alerts-to-incidents';
import { VersionIncidentsAndIndexTheirServices1796133128865 } from './incidents/1796133128865-version-incidents-and-index-their-services';
import { IndexFiringAlerts1796133133803 } from './alerts/1796133133803-index-firing-alerts';
import { MeasureSlosFromPrometheus1796140000001 } from './alerts/1796140000001-measure-slos-from-prometheus';
import { MergeDeploymentSourcesAndCountSuccesses1796133138101 } from './deployments/1796133138101-merge-deployment-sources-and-count-successes';
import { CreateAuditOutbox1795560000000 } from './ingest/1795560000000-create-audit-outbox';
import { CreateIngestSchema1795531000000 } from './ingest/1795531000000-create-ingest-schema';
import { CreateDeliveries1795531089065 } from './ingest/1795531089065-create-deliveries';
import { CreateRunbooksSchema1795570000000 } from './runbooks/1795570000000-create-runbooks-schema';
import { CreateRunbooks1796133745890 } from './runbooks/1796133745890-create-runbooks';
import { CreateSchedules1796134305041 } from './runbooks/1796134305041-create-schedules';
import { CreateEscalations1796134712561 } from './runbooks/1796134712561-create-escalations';
import { EscalateAlertGroupsAndReopens1796153417291 } from './runbooks/1796153417291-escalate-alert-groups-and-reopens';
import { RedriveEscalations1796170000000 } from './runbooks/1796170000000-redrive-escalations';
import { CreateProductionDeployments1796136992454 } from './runbooks/1796136992454-create-production-deployments';
import { ConfirmOutboxDeadLettersAndIncidentVersions1796137912557 } from './runbooks/1796137912557-confirm-outbox-dead-letters-and-incident-versions';

import { RedriveDeliveriesAndReceipts1796133005056 } from './ingest/1796133005056-redrive-deliveries-and-receipts';
import { ConfirmOutboxAndDeadLetters1796133009992 } from './incidents/1796133009992-confirm-outbox-and-dead-letters';
import { ConfirmOutboxAndDeadLetters1796133015083 } from './alerts/1796133015083-confirm-outbox-and-dead-letters';
import { ConfirmOutboxAndDeadLetters1796133018955 } from './deployments/1796133018955-confirm-outbox-and-dead-letters';
import { CreateDeadLetters1796133022558 } from './access/1796133022558-create-dead-letters';
import { CreateBuildsSchema1796135400000 } from './builds/1796135400000-create-builds-schema';
import { CreateBuilds1796136281799 } from './builds/1796136281799-create-builds';
import { DeliveriesPerQueue1796135586352 } from './ingest/1796135586352-deliveries-per-queue';
import { CreateKnowledgeSchema1796135600000 } from './knowledge/1796135600000-create-knowledge-schema';
import { CreateKnowledge1796136882453 } from './knowledge/1796136882453-create-knowledge';
import { AddActionItemReminders1796137157628 } from './knowledge/1796137157628-add-action-item-reminders';
import { VersionIncidentRecords1796139323230 } from './knowledge/1796139323230-version-incident-records';
import { KnowledgeIncidentFactsAndMilestones1796142638255 } from './knowledge/1796142638255-incident-facts-and-milestones';
import { KnowledgeIncidentFactsByAlertName1796162742930 } from './knowledge/1796162742930-incident-facts-by-alert-name';
import { PartitionAlertsByMonth1796140000000 } from './alerts/1796140000000-partition-alerts-by-month';
import { PredictBuildFailures1796148000000 } from './builds/1796148000000-predict-build-failures';
import { CreateLiveEvents1796142633244 } from './ingest/1796142633244-create-live-events';

/**
 * The one ordered migration stream (one folder per schema). Generated with
 * `typeorm migration:generate` (see the README), appended here, never edited
 * once landed.
 */
export const MIGRATIONS = [
  CreateIngestSchema1795531000000,
  CreateIncidentsSchema1795531000001,
  CreateDeliveries1795531089065,
  CreateIncidents1795531090119,
  CreateAlertsSchema1795535600000,
  CreateAlerts1795535651014,
  AttachAlertsToIncidents1795535654008,
  CreateDeploymentsSchema1795547200000,
  CreateDeployments1795548591987,
  CreateAccessSchema1795552800000,
  CreateAccess1795552974829,
  MakeAuditEventsAppendOnly1795553100000,
  CreateAuditOutbox1795560000000,
  RedriveDeliveriesAndReceipts1796133005056,
  ConfirmOutboxAndDeadLetters1796133009992,
  ConfirmOutboxAndDeadLetters1796133015083,
  ConfirmOutboxAndDeadLetters1796133018955,
  CreateDeadLetters1796133022558,
  VersionIncidentsAndIndexTheirServices1796133128865,
  IndexFiringAlerts1796133133803,
  MergeDeploymentSourcesAndCountSuccesses1796133138101,
  CreateRunbooksSchema1795570000000,
  CreateRunbooks1796133745890,
  CreateSchedules1796134305041,
  CreateEscalations1796134712561,
  CreateProductionDeployments1796136992454,
  ConfirmOutboxDeadLettersAndIncidentVersions1796137912557,
  CreateBuildsSchema1796135400000,
  DeliveriesPerQueue1796135586352,
  CreateBuilds1796136281799,
  CreateKnowledgeSchema1796135600000,
  CreateKnowledge1796136882453,
  AddActionItemReminders1796137157628,
  VersionIncidentRecords1796139323230,
  KnowledgeIncidentFactsAndMilestones1796142638255,
  KnowledgeIncidentFactsByAlertName1796162742930,
  PartitionAlertsByMonth1796140000000,
  MeasureSlosFromPrometheus1796140000001,
  PredictBuildFailures1796148000000,
  CreateLiveEvents1796142633244,
  EscalateAlertGroupsAndReopens1796153417291,
  RedriveEscalations1796170000000,
];
