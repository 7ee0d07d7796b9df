import { ApiTokenEntity } from './api-tokens/api-token.entity';
import { AuditEventEntity } from './audit-log/audit-event.entity';

/** Every table of the `access` schema. */
export const ACCESS_ENTITIES = [ApiTokenEntity, AuditEventEntity];
