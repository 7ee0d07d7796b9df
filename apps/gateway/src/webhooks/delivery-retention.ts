import { DEAD_LETTER_RETENTION_DAYS, Retention } from '@companyos/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';

const DAY_MS = 24 * 3600_000;

/**
 * What the edge prunes beside its outbox: delivered webhook deliveries (with
 * their payloads) after DELIVERY_RETENTION_DAYS, and body-hash receipts once
 * their retry window is over. Failed deliveries stay as long as dead letters
 * (90 days): the row is the edge's record of what arrived.
 */
@Injectable()
export class DeliveryRetention implements OnModuleInit {
  constructor(
    private readonly retention: Retention,
    @InjectGatewayConfig() private readonly config: GatewayConfig,
  ) {}

  onModuleInit() {
    this.retention.add({ table: 'ingest.deliveries', expired: 'completed_at < $1', keepMs: this.config.deliveryRetentionDays * DAY_MS });
    this.retention.add({ table: 'ingest.deliveries', expired: 'failed_at < $1', keepMs: DEAD_LETTER_RETENTION_DAYS * DAY_MS });
    this.retention.add({ table: 'ingest.delivery_receipts', expired: 'received_at < $1', keepMs: this.config.alertmanagerRetryWindowMs });
  }
}
