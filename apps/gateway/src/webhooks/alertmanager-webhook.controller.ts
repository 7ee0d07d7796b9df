import { alertmanagerWebhook } from '@companyos/contracts';
import { Queues } from '@companyos/platform';
import { BadRequestException, Controller, Headers, HttpCode, Post, Req, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';
import { verifyBearerToken } from '../auth/bearer-token';
import { DeliveryIntake } from './delivery-intake.service';
import { describeInvalidPayload, parseWebhookBody } from './webhook-body';
import { ApiBody, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ERROR_SCHEMA } from '../openapi/api-docs';

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
@ApiTags('webhooks')
@Controller('api/companyos')
export class AlertmanagerWebhookController {
  constructor(
    private readonly intake: DeliveryIntake,
    @InjectGatewayConfig() private readonly config: GatewayConfig,
  ) {}

  @ApiOperation({ summary: 'Alertmanager notifications (webhook_configs, payload version 4)', description: 'Stored durably, then processed by the alerts app; a resend within ALERTMANAGER_RETRY_WINDOW_MS is a duplicate.' })
  @ApiSecurity('alertmanager')
  @ApiBody({ description: 'Alertmanager\'s webhook payload (version "4").', schema: { type: 'object', required: ['version', 'alerts'], additionalProperties: true, properties: { version: { type: 'string', example: '4' }, alerts: { type: 'array', items: { type: 'object', additionalProperties: true } } } } })
  @ApiResponse({ status: 202, description: 'Accepted (also for a duplicate).', schema: { type: 'object', properties: { status: { type: 'string', enum: ['accepted', 'duplicate'] }, deliveryId: { type: 'string' }, alerts: { type: 'integer' } } } })
  @ApiResponse({ status: 401, description: 'Missing or wrong bearer token.', schema: ERROR_SCHEMA })
  @ApiResponse({ status: 400, description: 'Malformed or invalid payload (the message names the field).', schema: ERROR_SCHEMA })
  @ApiResponse({ status: 413, description: 'Body larger than WEBHOOK_MAX_BODY_BYTES.', schema: ERROR_SCHEMA })
  @ApiResponse({ status: 503, description: 'The delivery could not be stored durably: retry.', schema: ERROR_SCHEMA })
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
