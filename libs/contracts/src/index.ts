export * from './github/issues-event';
