import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AlertmanagerWebhookController } from './alertmanager-webhook.controller';
import { DeliveryIntake } from './delivery-intake.service';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryRelay } from './delivery-relay';
import { DeliveryRetention } from './delivery-retention';
import { GithubWebhookController } from './github-webhook.controller';
import { webhookDeliveriesProvider } from './webhook.metrics';
import { GithubSignatureFailures } from './webhook-gates';

/** The webhook edge: verify, store durably, enqueue, answer 202; the relay re-drives. */
@Module({
  imports: [AuthModule],
  controllers: [GithubWebhookController, AlertmanagerWebhookController],
  providers: [DeliveryIntake, DeliveryQueue, DeliveryRelay, DeliveryRetention, webhookDeliveriesProvider, GithubSignatureFailures],
})
export class WebhooksModule {}
