export * from './app-process';
export * from './database';
export * from './github';
export * from './ports';
export * from './redis-server';
export * from './test-app';
export * from './stack';
