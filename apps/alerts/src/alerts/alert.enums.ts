import { registerEnumType } from '@nestjs/graphql';

export enum AlertSeverity {
  CRITICAL = 'CRITICAL',
  WARNING = 'WARNING',
  INFO = 'INFO',
}

/** FIRING and RESOLVED come from Alertmanager; ACKNOWLEDGED and SILENCED are set by people. */
export enum AlertStatus {
  FIRING = 'FIRING',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  RESOLVED = 'RESOLVED',
  SILENCED = 'SILENCED',
}

registerEnumType(AlertSeverity, { name: 'AlertSeverity', description: 'From the `severity` label; CRITICAL is the most severe.' });
registerEnumType(AlertStatus, { name: 'AlertStatus', description: 'Firing, acknowledged by a person, resolved or silenced.' });
