import { Injectable, NestMiddleware } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { NextFunction, Request, Response } from 'express';
import { Histogram } from 'prom-client';

export const HTTP_REQUEST_DURATION = 'http_request_duration_seconds';

/** The one `route` label of every request that matches none of the app's routes (any caller can invent paths). */
export const UNMATCHED_ROUTE = 'unmatched';

interface RouteLayer {
  route?: { path: string; _handlesMethod(method: string): boolean };
  match(path: string): unknown;
}

/**
 * The route pattern a request belongs to (`/api/companyos/incidents/:id`),
 * never its raw path, so the number of series is bounded by the app's routes.
 * A request answered by the route has `req.route`; one refused before it (a
 * 401 or 429 from middleware) is matched against the routes the app has;
 * anything else is UNMATCHED_ROUTE.
 */
export function routeLabel(req: Request): string {
  const own = req.route?.path as string | undefined;
  if (own && !isCatchAll(own)) return `${req.baseUrl ?? ''}${own}`;
  const stack = ((req.app as unknown as { router?: { stack?: RouteLayer[] } }).router?.stack ?? []) as RouteLayer[];
  const path = req.path;
  for (const layer of stack) {
    const route = layer.route;
    if (route && !isCatchAll(route.path) && route._handlesMethod(req.method) && layer.match(path)) return route.path;
  }
  return UNMATCHED_ROUTE;
}

/** Middleware bound to every path (`/{*all}`) shows up as a route of its own; it names no route. */
const isCatchAll = (path: string) => path.includes('*');

/** Times every HTTP request by method, route pattern and status. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(@InjectMetric(HTTP_REQUEST_DURATION) private readonly duration: Histogram<string>) {}

  use(req: Request, res: Response, next: NextFunction) {
    const end = this.duration.startTimer();
    res.on('finish', () => end({ method: methodLabel(req.method), route: routeLabel(req), status_code: String(res.statusCode) }));
    next();
  }
}

/** HTTP methods as labels; any other verb a client sends shares one. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const methodLabel = (method: string) => (METHODS.has(method) ? method : 'OTHER');
