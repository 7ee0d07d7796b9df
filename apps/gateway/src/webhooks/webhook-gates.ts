import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { verifyBearerToken } from '../auth/bearer-token';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';
import { WindowCounters } from '../rate-limit/window-counters';

/**
 * Answers before the request body is read (`Connection: close`: the rest of
 * the body is discarded as it arrives, never buffered or parsed), so a wrong
 * caller cannot make the gateway hold up to WEBHOOK_MAX_BODY_BYTES first.
 */
function refuseUnread(res: Response, status: number, body: Record<string, string>) {
  res.setHeader('Connection', 'close');
  res.status(status).json(body);
}

/**
 * Alertmanager's bearer token, checked from the headers alone, before the
 * raw-body parser (the controller checks it again, so the route stays closed
 * wherever it is mounted).
 */
export const alertmanagerTokenGate =
  (token: string): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) => {
    const authorization = req.headers.authorization;
    if (verifyBearerToken(token, authorization)) return next();
    refuseUnread(res, 401, {
      error: 'UNAUTHENTICATED',
      message: authorization ? 'the bearer token is not valid' : 'Authorization: Bearer <token> header is missing',
    });
  };

/**
 * Failed GitHub signatures, counted per client IP and GitHub hook id
 * (`X-GitHub-Hook-ID`); past GITHUB_SIGNATURE_FAILURES_MAX in a
 * GITHUB_SIGNATURE_FAILURES_WINDOW_MS window, that pair gets 429 before its
 * body is read, until the window ends.
 *
 * Why this cannot lock GitHub out: only failures count, and GitHub's real
 * deliveries to this hook are signed with our secret, so they never add to
 * the count. An attacker cannot send from GitHub's addresses over TCP (and
 * X-Forwarded-For is believed only from private-network proxies); the one
 * way to make GitHub's addresses send bad signatures is a webhook of their
 * own pointed at us, and its deliveries carry that hook's id, not ours, so
 * they spend a budget of their own. Someone forging our hook id from their
 * own address spends their address's budget. Only a wrong secret on our own
 * hook (a rotation half done) throttles our own deliveries — and those were
 * being refused with 401 anyway; GitHub shows both in the hook's log.
 */
@Injectable()
export class GithubSignatureFailures {
  private readonly logger = new Logger(GithubSignatureFailures.name);

  constructor(
    private readonly counters: WindowCounters,
    @InjectGatewayConfig() private readonly config: GatewayConfig,
  ) {}

  /** Express middleware for the GitHub webhook path, mounted before the raw-body parser. */
  readonly gate: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const { max, windowMs } = this.config.githubSignatureFailures;
    this.counters.peek(this.keyOf(req), windowMs).then(
      ({ count, resetSeconds }) => {
        if (count < max) return next();
        res.setHeader('Retry-After', String(resetSeconds));
        refuseUnread(res, 429, {
          error: 'TOO_MANY_REQUESTS',
          message: `${count} deliveries with a wrong X-Hub-Signature-256 from ${req.ip} in ${windowMs / 1000} s; retry in ${resetSeconds} s`,
        });
      },
      (error: Error) => {
        // Without Redis the signature is still checked on every delivery: nothing is let in unsigned.
        this.logger.warn(`GitHub signature failures not checked (${error.message})`);
        next();
      },
    );
  };

  /** Counts one failed signature of this request's IP and hook. */
  async record(req: Request): Promise<void> {
    try {
      await this.counters.hit([this.keyOf(req)], this.config.githubSignatureFailures.windowMs);
    } catch (error) {
      this.logger.warn(`GitHub signature failure not counted (${(error as Error).message})`);
    }
  }

  private keyOf(req: Request) {
    const hookId = req.headers['x-github-hook-id'];
    const hook = typeof hookId === 'string' && /^\d{1,20}$/.test(hookId) ? hookId : 'none';
    return `github-signature-failures:${req.ip ?? 'unknown'}:${hook}`;
  }
}
