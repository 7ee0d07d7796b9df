import { AuditOutboxEntity } from './audit/audit-outbox.entity';
import { GatewayDeadLetterEntity } from './events/gateway-dead-letter.entity';
import { LiveEventEntity } from './events/live-event.entity';
import { DeliveryReceiptEntity } from './webhooks/delivery-receipt.entity';
import { DeliveryEntity } from './webhooks/delivery.entity';

/**
 * Every table of the `ingest` schema (the edge): webhook deliveries, the audit records on their way to the access app,
 * the live event log and the dead letters of its queue.
 */
export const GATEWAY_ENTITIES = [DeliveryEntity, DeliveryReceiptEntity, AuditOutboxEntity, LiveEventEntity, GatewayDeadLetterEntity];
