import type { AlertmanagerWebhook } from '@companyos/contracts';
import { AlertSeverity, AlertStatus } from '../alert.enums';

/** One alert of a notification, as the alerts domain stores it. */
export interface AlertObservation {
  fingerprint: string;
  alertName: string;
  severity: AlertSeverity;
  status: AlertStatus.FIRING | AlertStatus.RESOLVED;
  service: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: Date;
  endsAt: Date | null;
  generatorUrl: string | null;
  groupKey: string;
}

const SEVERITIES: Record<string, AlertSeverity> = {
  critical: AlertSeverity.CRITICAL,
  warning: AlertSeverity.WARNING,
  info: AlertSeverity.INFO,
};
/** An unknown or missing `severity` label (`page`, `error`, …) must neither page nor vanish. */
export const DEFAULT_SEVERITY = AlertSeverity.WARNING;

/** Go's zero time (`0001-01-01T00:00:00Z`) means "no end"; anything before year 2 is taken as that. */
const YEAR_2 = Date.parse('0002-01-01T00:00:00Z');

/**
 * Turns one validated notification into an observation per alert, reading
 * it as Alertmanager does: the alert's own fingerprint, else the one its
 * labels hash to; a zero `endsAt` means still firing; without a per-alert
 * `status` (Alertmanager before 0.16), an alert is resolved iff it has ended
 * by the time the notification was received.
 */
export function observeNotification(payload: AlertmanagerWebhook, receivedAt: Date): AlertObservation[] {
  return payload.alerts.map((alert) => {
    const endsAt = alert.endsAt && Date.parse(alert.endsAt) >= YEAR_2 ? new Date(alert.endsAt) : null;
    const resolved = alert.status ? alert.status === 'resolved' : endsAt !== null && endsAt.getTime() <= receivedAt.getTime();
    return {
      fingerprint: alert.fingerprint || labelsFingerprint(alert.labels),
      alertName: alert.labels.alertname,
      severity: severityOf(alert.labels),
      status: resolved ? AlertStatus.RESOLVED : AlertStatus.FIRING,
      service: alert.labels.service || alert.labels.job || null,
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: new Date(alert.startsAt),
      endsAt,
      generatorUrl: alert.generatorURL || null,
      groupKey: payload.groupKey,
    };
  });
}

/** The `severity` label, case-insensitively; the label itself is kept as it was. */
export function severityOf(labels: Record<string, string>): AlertSeverity {
  return SEVERITIES[(labels.severity ?? '').trim().toLowerCase()] ?? DEFAULT_SEVERITY;
}

const FNV64_OFFSET = 14695981039346656037n;
const FNV64_PRIME = 1099511628211n;
const MASK64 = 0xffffffffffffffffn;
/** Prometheus' `model.SeparatorByte`: it cannot occur in UTF-8, so `a=bc` and `ab=c` hash apart. */
const SEPARATOR = 0xff;

/**
 * The fingerprint Alertmanager gives an alert: Prometheus'
 * `model.LabelSet.Fingerprint()` (prometheus/common model/signature.go,
 * `labelSetToFingerprint`), i.e. 64-bit FNV-1a over, for each label in
 * byte-wise name order, name, 0xff, value, 0xff (UTF-8), printed `%016x`.
 * An empty label set hashes to the FNV offset basis, `cbf29ce484222325`.
 */
export function labelsFingerprint(labels: Record<string, string>): string {
  const encoder = new TextEncoder();
  // Go compares strings byte by byte; UTF-8 byte order is code point order, which JS's UTF-16 sort is not.
  const entries = Object.entries(labels)
    .map(([name, value]) => [encoder.encode(name), encoder.encode(value)] as const)
    .sort(([a], [b]) => compareBytes(a, b));
  let hash = FNV64_OFFSET;
  const add = (byte: number) => {
    hash = ((hash ^ BigInt(byte)) * FNV64_PRIME) & MASK64;
  };
  for (const [name, value] of entries) {
    name.forEach(add);
    add(SEPARATOR);
    value.forEach(add);
    add(SEPARATOR);
  }
  return hash.toString(16).padStart(16, '0');
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
