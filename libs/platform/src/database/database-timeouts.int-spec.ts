import { createTestApp, createTestDatabase, dropTestDatabase, testPlatformConfig } from '@companyos/testing';
import { INestApplication, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PlatformConfigModule } from '../config/platform-config.module';
import { DatabaseModule } from './database.module';

// The app's connection as DatabaseModule opens it, on a real Postgres: the server itself ends a statement
// over DATABASE_STATEMENT_TIMEOUT_MS and a transaction left idle over DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS.
describe('DatabaseModule session timeouts', () => {
  let url: string;
  let app: INestApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    const config = testPlatformConfig('database-timeouts-test', {
      PORT: '4999',
      DATABASE_URL: url,
      DATABASE_STATEMENT_TIMEOUT_MS: '300',
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '300',
    });
    @Module({ imports: [PlatformConfigModule.forRoot(config), DatabaseModule.forRoot([])] })
    class TimeoutsTestModule {}
    app = await createTestApp(TimeoutsTestModule as never);
    dataSource = app.get(getDataSourceToken());
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  it('cancels a statement running past DATABASE_STATEMENT_TIMEOUT_MS', async () => {
    await expect(dataSource.query('SELECT pg_sleep(2)')).rejects.toThrow(/canceling statement due to statement timeout/);
    expect(await dataSource.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });

  it('ends a transaction left idle past DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query('SELECT 1');
      await new Promise((done) => setTimeout(done, 1_000));
      // The server ends the session; TypeORM notices the lost connection and releases the runner.
      await expect(runner.query('SELECT 1')).rejects.toThrow(/idle-in-transaction timeout|terminat|already released/i);
    } finally {
      await runner.release().catch(() => undefined);
    }
  });

  it('lets a long job set its own limit in its transaction', async () => {
    await dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL statement_timeout = 0');
      await manager.query('SELECT pg_sleep(0.6)');
    });
  });
});
