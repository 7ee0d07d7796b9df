import { randomUUID } from 'node:crypto';
import type { EntityManager, EntityTarget } from 'typeorm';
import type { DomainEvent } from './messages';
import type { OutboxRecord, ProcessedMessageRecord } from './outbox-record';

/** Builds an event envelope with a fresh id. */
export function domainEvent<P extends Record<string, unknown>>(
  type: string,
  aggregateId: string,
  payload: P,
  occurredAt = new Date(),
): DomainEvent<P> {
  return { id: randomUUID(), type, aggregateId, occurredAt: occurredAt.toISOString(), payload };
}

/** Writes events to the outbox inside the caller's transaction. */
export async function recordEvents(
  manager: EntityManager,
  outbox: EntityTarget<OutboxRecord>,
  events: DomainEvent[],
): Promise<void> {
  if (!events.length) return;
  await manager.insert(
    outbox,
    events.map((event) => ({
      eventId: event.id,
      type: event.type,
      aggregateId: event.aggregateId,
      payload: event.payload as never,
      occurredAt: new Date(event.occurredAt),
    })),
  );
}

/**
 * Marks a message as processed inside the caller's transaction. Returns false
 * when it already was (the caller then skips its effect). A concurrent twin
 * waits on the unique key until the first transaction ends.
 */
export async function claimMessage(
  manager: EntityManager,
  processed: EntityTarget<ProcessedMessageRecord>,
  messageId: string,
): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(processed)
    .values({ messageId })
    .orIgnore()
    .returning('message_id')
    .execute();
  return result.raw.length > 0;
}
