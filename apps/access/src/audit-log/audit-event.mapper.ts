import type { AuditEventEntity } from './audit-event.entity';
import type { AuditEvent } from './audit-event.model';

export const toAuditEvent = (e: AuditEventEntity): AuditEvent => ({
  id: e.id,
  occurredAt: e.occurredAt,
  recordedAt: e.recordedAt,
  principalId: e.principalId,
  principalName: e.principalName,
  role: e.role,
  via: e.via,
  clientIp: e.clientIp,
  operation: e.operation,
  fields: e.fields,
  targetIds: e.targetIds,
  outcome: e.outcome,
  code: e.code,
  detail: e.detail,
});
