import { API_TOKEN_VERIFY_PATH, ApiTokenVerification } from '@companyos/contracts';
import { BadRequestException, Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { ApiTokensService } from './api-tokens.service';

/** `{ token }`, other keys ignored. */
const verifyRequest = z.object({ token: z.string() });

/**
 * The gateway asks here who an API token stands for (the route answers only
 * requests signed with SUBGRAPH_SECRET, see ApiTokensApiModule): 200
 * `{ principal }`, or 401 `{ code, message }`.
 */
@Controller()
export class ApiTokenVerificationController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Post(API_TOKEN_VERIFY_PATH)
  @HttpCode(200)
  async verify(@Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<ApiTokenVerification> {
    const parsed = verifyRequest.safeParse(body);
    if (!parsed.success) throw new BadRequestException('token must be a string: the body is {"token": "cos_…"}');
    const verification = await this.tokens.verify(parsed.data.token);
    if ('code' in verification) res.status(401);
    return verification;
  }
}
