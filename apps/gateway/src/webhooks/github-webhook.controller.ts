import { BadRequestException, Controller, Headers, HttpCode, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';
import { DeliveryIntake } from './delivery-intake.service';
import { verifyGithubSignature } from './github-signature';
import { describeInvalidPayload, parseWebhookBody } from './webhook-body';
import { GithubSignatureFailures } from './webhook-gates';
import { GITHUB_ROUTES } from './webhook-routes';

/**
 * GitHub's webhook: verify the signature over the raw body, validate, store
 * durably, answer 202. Processing happens in the consuming domain's worker.
 */
@Controller('api/companyos')
export class GithubWebhookController {
  constructor(
    private readonly intake: DeliveryIntake,
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    private readonly signatureFailures: GithubSignatureFailures,
  ) {}

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
