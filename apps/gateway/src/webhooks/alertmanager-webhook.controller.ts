import { alertmanagerWebhook } from '@companyos/contracts';
import { Queues } from '@companyos/platform';
import { BadRequestException, Controller, Headers, HttpCode, Post, Req, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';
import { verifyBearerToken } from '../auth/bearer-token';
import { DeliveryIntake } from './delivery-intake.service';
import { describeInvalidPayload, parseWebhookBody } from './webhook-body';

/**
 * Alertmanager sends no delivery id. A notification it retries (after a
 * timeout or a 5xx) has the same bytes, so the key is the body's hash: the
 * intake treats the same hash within ALERTMANAGER_RETRY_WINDOW_MS of its last
 * receipt as a retry (a no-op), while a repeat notification (repeat_interval,
 * normally hours) counts as a new receipt.
 */
export const alertmanagerBodyHash = (body: Buffer) => createHash('sha256').update(body).digest('hex');

/**
 * Alertmanager's webhook: check the bearer token, validate, store durably,
 * answer 202. It retries only on 5xx, so anything that could not be stored is
 * a 503 (never a 429).
 */
@Controller('api/companyos')
export class AlertmanagerWebhookController {
  constructor(
    private readonly intake: DeliveryIntake,
    @InjectGatewayConfig() private readonly config: GatewayConfig,
  ) {}

  @Post('prometheus-webhook')
  @HttpCode(202)
  async receive(@Req() req: Request, @Headers('authorization') authorization: string | undefined) {
    if (!verifyBearerToken(this.config.alertmanagerWebhookToken, authorization)) {
      throw new UnauthorizedException(authorization ? 'the bearer token is not valid' : 'Authorization: Bearer <token> header is missing');
    }
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const parsed = alertmanagerWebhook.safeParse(parseWebhookBody(body, req.headers['content-type']));
    if (!parsed.success) throw new BadRequestException(describeInvalidPayload('Alertmanager', parsed.error));

    const deliveryKey = alertmanagerBodyHash(body);
    const outcome = await this.intake.accept({
      source: 'alertmanager',
      deliveryKey,
      event: 'notification',
      queue: Queues.AlertsAlertmanager,
      payload: parsed.data,
      retryWindowMs: this.config.alertmanagerRetryWindowMs,
    });
    return { status: outcome, deliveryId: deliveryKey, alerts: parsed.data.alerts.length };
  }
}
