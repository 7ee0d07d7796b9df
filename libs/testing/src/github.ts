import { createHmac } from 'node:crypto';
import { randomUUID } from 'node:crypto';

interface WebhookExample {
  name: string;
  examples: Record<string, unknown>[];
}

// GitHub's published example payloads (npm @octokit/webhooks-examples).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const EXAMPLES: WebhookExample[] = require('@octokit/webhooks-examples');

/**
 * A published example payload of an event and action, deep-copied. `rename`
 * swaps label names (the examples carry `bug`; tests need `incident`).
 */
export function githubExample(event: string, action?: string, rename: Record<string, string> = {}): Record<string, any> {
  const example = EXAMPLES.find((entry) => entry.name === event)?.examples.find((payload) => payload.action === action);
  if (!example) throw new Error(`no published example of ${event}${action ? `.${action}` : ''}`);
  let text = JSON.stringify(example);
  for (const [from, to] of Object.entries(rename)) text = text.split(`"name":"${from}"`).join(`"name":"${to}"`);
  return JSON.parse(text);
}

/**
 * Every published example of an event and action, deep-copied, for events
 * with several (`workflow_run` `completed` has one per workflow and
 * conclusion): pick one with `Array.find`.
 */
export function githubExamples(event: string, action?: string): Record<string, any>[] {
  const examples = (EXAMPLES.find((entry) => entry.name === event)?.examples ?? []).filter((payload) => payload.action === action);
  if (!examples.length) throw new Error(`no published example of ${event}${action ? `.${action}` : ''}`);
  return examples.map((payload) => JSON.parse(JSON.stringify(payload)));
}

export const githubSignature = (secret: string, body: string | Buffer) =>
  'sha256=' + createHmac('sha256', secret).update(body).digest('hex');

/** Headers of a signed GitHub delivery, as GitHub sends them. */
export function githubHeaders(secret: string, event: string, body: string, deliveryId: string = randomUUID()) {
  return {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/test',
    'x-github-event': event,
    'x-github-delivery': deliveryId,
    'x-hub-signature-256': githubSignature(secret, body),
  };
}
