import { AuditOutboxEntity } from './audit/audit-outbox.entity';
import { DeliveryReceiptEntity } from './webhooks/delivery-receipt.entity';
import { DeliveryEntity } from './webhooks/delivery.entity';

/** Every table of the `ingest` schema (the edge): webhook deliveries and the audit records on their way to the access app. */
export const GATEWAY_ENTITIES = [DeliveryEntity, DeliveryReceiptEntity, AuditOutboxEntity];
