import type { DataSource, EntityManager, EntityTarget } from 'typeorm';
import type { DomainEvent } from './messages';
import { recordEvents } from './outbox';
import type { OutboxRecord } from './outbox-record';
import type { OutboxRelay } from './outbox-relay';

/** A transaction in progress and the events it will publish. */
export interface UnitOfWork {
  manager: EntityManager;
  events: DomainEvent[];
  /** Run once the transaction has committed (metrics, say: a rolled-back change is retried and must not count twice). */
  afterCommit: (() => void)[];
}

/**
 * Runs `work` in one transaction and writes the events it collected to the
 * domain's outbox in that same transaction; after commit, runs its
 * afterCommit callbacks and kicks the relay so the events go out now rather
 * than on its next tick.
 */
export async function inUnitOfWork<T>(
  dataSource: DataSource,
  outbox: EntityTarget<OutboxRecord>,
  relay: OutboxRelay,
  work: (uow: UnitOfWork) => Promise<T>,
): Promise<{ result: T; events: DomainEvent[] }> {
  const events: DomainEvent[] = [];
  const afterCommit: (() => void)[] = [];
  const result = await dataSource.transaction(async (manager) => {
    const value = await work({ manager, events, afterCommit });
    await recordEvents(manager, outbox, events);
    return value;
  });
  for (const callback of afterCommit) callback();
  if (events.length) relay.kick();
  return { result, events };
}
