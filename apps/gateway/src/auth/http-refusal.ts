import type { Request, Response } from 'express';

/** How a request is named in the audit log: `POST /api/companyos/deployments`, `POST /graphql CreateIncident`. */
export function requestLabel(req: Request): string {
  const path = req.originalUrl.split('?')[0];
  const operationName = (req.body as { operationName?: unknown } | undefined)?.operationName;
  return typeof operationName === 'string' && operationName ? `${req.method} ${path} ${operationName}` : `${req.method} ${path}`;
}

/** Answers a refused request in the shape its caller reads: GraphQL errors on /graphql, `{ error, message }` on REST. */
export function sendRefusal(req: Request, res: Response, status: number, code: string, message: string, reason?: string) {
  if (req.path === '/graphql') {
    res.status(status).json({ errors: [{ message, extensions: { code, ...(reason ? { reason } : {}) } }] });
  } else {
    res.status(status).json({ error: code, ...(reason ? { reason } : {}), message });
  }
}
