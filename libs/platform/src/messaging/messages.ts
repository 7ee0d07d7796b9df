/** A webhook delivery as the edge accepted it, handed to a domain worker. */
export interface WebhookDelivery<P = unknown> {
  /** The sender's delivery id (GitHub's `X-GitHub-Delivery`; for Alertmanager, derived from the body). */
  deliveryId: string;
  source: 'github' | 'alertmanager';
  /** The sender's event name (GitHub's `X-GitHub-Event`; `notification` for Alertmanager). */
  event: string;
  receivedAt: string;
  payload: P;
}

/** Idempotency key of a delivery in a domain's processed-messages table. */
export const deliveryMessageId = (delivery: Pick<WebhookDelivery, 'source' | 'deliveryId'>) =>
  `${delivery.source}:${delivery.deliveryId}`;

/** Idempotency key of a domain event in a consumer's processed-messages table. */
export const eventMessageId = (event: Pick<DomainEvent, 'id'>) => `event:${event.id}`;

/** BullMQ job ids may not contain ':'. */
export const deliveryJobId = (delivery: Pick<WebhookDelivery, 'source' | 'deliveryId'>) =>
  `${delivery.source}-${delivery.deliveryId}`;

/** A fact a domain publishes through its outbox (`incident.resolved`). */
export interface DomainEvent<P = Record<string, unknown>> {
  id: string;
  type: string;
  aggregateId: string;
  occurredAt: string;
  payload: P;
}
