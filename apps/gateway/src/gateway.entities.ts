import { DeliveryEntity } from './webhooks/delivery.entity';

/** Every table of the `ingest` schema (the webhook edge). */
export const GATEWAY_ENTITIES = [DeliveryEntity];
