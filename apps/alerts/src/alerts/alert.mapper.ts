import type { AlertEntity } from './alert.entity';
import { AlertStatus } from './alert.enums';
import type { Alert } from './alert.model';

/** A silence that has run out no longer hides the alert. */
export function effectiveStatus(entity: Pick<AlertEntity, 'status' | 'silencedUntil'>, now = new Date()): AlertStatus {
  return entity.status === AlertStatus.SILENCED && entity.silencedUntil && entity.silencedUntil <= now ? AlertStatus.FIRING : entity.status;
}

export const toAlert = (e: AlertEntity): Alert => ({
  id: e.id,
  fingerprint: e.fingerprint,
  alertName: e.alertName,
  severity: e.severity,
  status: effectiveStatus(e),
  service: e.service,
  labels: e.labels,
  annotations: e.annotations,
  summary: e.annotations.summary ?? null,
  description: e.annotations.description ?? null,
  runbookUrl: e.annotations.runbook_url ?? null,
  startsAt: e.startsAt,
  endsAt: e.endsAt,
  generatorURL: e.generatorUrl,
  groupKey: e.groupKey,
  firstReceivedAt: e.firstReceivedAt,
  lastReceivedAt: e.lastReceivedAt,
  receiveCount: e.receiveCount,
  acknowledgedBy: e.acknowledgedBy,
  acknowledgedAt: e.acknowledgedAt,
  silencedUntil: e.silencedUntil,
  resolvedAt: e.resolvedAt,
  resolvedBy: e.resolvedBy,
  incidentId: e.incidentId,
});
