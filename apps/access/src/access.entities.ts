import { ApiTokenEntity } from './api-tokens/api-token.entity';
import { AccessDeadLetterEntity } from './audit-log/audit-dead-letter.entity';
import { AuditEventEntity } from './audit-log/audit-event.entity';

/** Every table of the `access` schema. */
export const ACCESS_ENTITIES = [ApiTokenEntity, AuditEventEntity, AccessDeadLetterEntity];
