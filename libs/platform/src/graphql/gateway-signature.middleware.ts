import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { InjectPlatformConfig } from '../config/platform-config.module';
import type { PlatformConfig } from '../config/platform.config';
import { GATEWAY_SIGNATURE_HEADER, gatewaySignatureProblem, requireSubgraphSecret } from './gateway-signature';
import { ACTOR_HEADER } from './request-context';

/** A subgraph's /graphql answers 401 to anything not signed with SUBGRAPH_SECRET: the gateway is the only door. */
@Injectable()
export class GatewaySignatureMiddleware implements NestMiddleware {
  private readonly secret: string;

  constructor(@InjectPlatformConfig() config: PlatformConfig) {
    this.secret = requireSubgraphSecret(config);
  }

  use(req: Request, res: Response, next: NextFunction) {
    const actor = req.headers[ACTOR_HEADER];
    const signature = req.headers[GATEWAY_SIGNATURE_HEADER];
    const problem = gatewaySignatureProblem(this.secret, typeof signature === 'string' ? signature : undefined, typeof actor === 'string' ? actor : '');
    if (!problem) return next();
    res.status(401).json({ errors: [{ message: problem, extensions: { code: 'UNAUTHENTICATED' } }] });
  }
}
