import { AlertDeadLetterEntity, AlertOutboxEntity, AlertProcessedMessageEntity } from './alerts/alert-messaging.entities';
import { AlertEntity } from './alerts/alert.entity';
import { SloViolationEntity } from './slos/slo-violation.entity';
import { SloEntity } from './slos/slo.entity';

/** Every table of the `alerts` schema. */
export const ALERTS_ENTITIES = [AlertEntity, AlertOutboxEntity, AlertProcessedMessageEntity, AlertDeadLetterEntity, SloEntity, SloViolationEntity];
