export * from './github/issues-event';
export * from './events/alert-events';
export * from './events/incident-events';
export * from './alertmanager/alertmanager-webhook';
export * from './github/deployment-events';
