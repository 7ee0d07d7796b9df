import { BadRequestException, Controller, Headers, HttpCode, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';
import { DeliveryIntake } from './delivery-intake.service';
import { verifyGithubSignature } from './github-signature';
import { describeInvalidPayload, parseWebhookBody } from './webhook-body';
import { GithubSignatureFailures } from './webhook-gates';
import { GITHUB_ROUTES } from './webhook-routes';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ERROR_SCHEMA } from '../openapi/api-docs';

/**
 * GitHub's webhook: verify the signature over the raw body, validate, store
 * durably, answer 202. Processing happens in the consuming domain's worker.
 */
@ApiTags('webhooks')
@Controller('api/companyos')
export class GithubWebhookController {
  constructor(
    private readonly intake: DeliveryIntake,
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    private readonly signatureFailures: GithubSignatureFailures,
  ) {}

  @ApiOperation({ summary: 'GitHub webhook deliveries (issues, deployments, workflow runs, …)', description: 'Signed with the webhook secret (GITHUB_WEBHOOK_SECRET); stored durably, then processed by the consuming apps; a redelivery is a duplicate.' })
  @ApiSecurity('github-signature')
  @ApiHeader({ name: 'X-GitHub-Event', required: true, description: 'issues, deployment, deployment_status, workflow_run, ping, …' })
  @ApiHeader({ name: 'X-GitHub-Delivery', required: true, description: 'The delivery id (redeliveries repeat it).' })
  @ApiBody({ description: 'The event payload as GitHub sends it.', schema: { type: 'object', additionalProperties: true } })
  @ApiResponse({ status: 202, description: 'Accepted (also for a duplicate), or ignored for an event CompanyOS does not consume.', schema: { type: 'object', properties: { status: { type: 'string', enum: ['accepted', 'duplicate'] }, deliveryId: { type: 'string' } } } })
  @ApiResponse({ status: 200, description: 'A ping answered.', schema: { type: 'object', properties: { status: { type: 'string', example: 'pong' }, zen: { type: 'string', nullable: true } } } })
  @ApiResponse({ status: 401, description: 'Missing or wrong signature.', schema: ERROR_SCHEMA })
  @ApiResponse({ status: 429, description: 'Too many wrong signatures from this IP and hook.', schema: ERROR_SCHEMA })
  @ApiResponse({ status: 400, description: 'Malformed or invalid payload (the message names the field).', schema: ERROR_SCHEMA })
  @ApiResponse({ status: 413, description: 'Body larger than WEBHOOK_MAX_BODY_BYTES.', schema: ERROR_SCHEMA })
  @ApiResponse({ status: 503, description: 'The delivery could not be stored durably: retry.', schema: ERROR_SCHEMA })
  @Post('github-webhook')
  @HttpCode(202)
  async receive(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('x-hub-signature-256') signature: string | undefined,
    @Headers('x-github-event') event: string | undefined,
    @Headers('x-github-delivery') deliveryId: string | undefined,
  ) {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifyGithubSignature(this.config.githubWebhookSecret, body, signature)) {
      await this.signatureFailures.record(req);
      throw new UnauthorizedException(
        signature ? 'X-Hub-Signature-256 does not match the body' : 'X-Hub-Signature-256 header is missing',
      );
    }
    if (!event) throw new BadRequestException('X-GitHub-Event header is missing');
    if (!deliveryId) throw new BadRequestException('X-GitHub-Delivery header is missing');
    const payload = parseWebhookBody(body, req.headers['content-type']);

    if (event === 'ping') {
      res.status(200);
      return { status: 'pong', zen: payload.zen ?? null };
    }
    const route = GITHUB_ROUTES[event];
    if (!route) return { status: 'ignored', reason: `CompanyOS does not consume "${event}" events` };
    const parsed = route.schema.safeParse(payload);
    if (!parsed.success) throw new BadRequestException(describeInvalidPayload(event, parsed.error));

    // One stored delivery per consuming queue, stored together; accepted when any was new.
    const outcome = await this.intake.acceptForQueues({ source: 'github', deliveryKey: deliveryId, event, payload: parsed.data }, route.queues);
    return { status: outcome, deliveryId };
  }
}
