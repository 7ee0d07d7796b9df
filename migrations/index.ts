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
import { CreateAuditOutbox1795560000000 } from './ingest/1795560000000-create-audit-outbox';
import { CreateIngestSchema1795531000000 } from './ingest/1795531000000-create-ingest-schema';
import { CreateDeliveries1795531089065 } from './ingest/1795531089065-create-deliveries';
import { CreateRunbooksSchema1795570000000 } from './runbooks/1795570000000-create-runbooks-schema';
import { CreateRunbooks1796133745890 } from './runbooks/1796133745890-create-runbooks';
import { CreateSchedules1796134305041 } from './runbooks/1796134305041-create-schedules';
import { CreateEscalations1796134712561 } from './runbooks/1796134712561-create-escalations';
import { CreateProductionDeployments1796136992454 } from './runbooks/1796136992454-create-production-deployments';

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
  CreateRunbooksSchema1795570000000,
  CreateRunbooks1796133745890,
  CreateSchedules1796134305041,
  CreateEscalations1796134712561,
  CreateProductionDeployments1796136992454,
];
