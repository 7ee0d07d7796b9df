export * from './github/issues-event';
export * from './events/alert-events';
export * from './events/incident-events';
export * from './alertmanager/alertmanager-webhook';
export * from './github/deployment-events';
export * from './access/access-roles';
export * from './access/api-token-verification';
export * from './access/audit-record';
