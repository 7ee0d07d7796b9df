import { githubIssuesEvent } from '@companyos/contracts';
import { describeInvalidPayload, parseWebhookBody } from './webhook-body';

describe('parseWebhookBody', () => {
  it('reads a JSON body', () => {
    expect(parseWebhookBody(Buffer.from('{"zen":"Keep it simple."}'), 'application/json')).toEqual({ zen: 'Keep it simple.' });
  });

  it('reads the payload field of a form body, as GitHub sends with content type form', () => {
    const form = new URLSearchParams({ payload: '{"action":"opened"}' }).toString();
    expect(parseWebhookBody(Buffer.from(form), 'application/x-www-form-urlencoded')).toEqual({ action: 'opened' });
  });

  it('names what is wrong with a bad body', () => {
    expect(() => parseWebhookBody(Buffer.alloc(0), 'application/json')).toThrow('request body is empty');
    expect(() => parseWebhookBody(Buffer.from('{"action":'), 'application/json')).toThrow(/body is not valid JSON/);
    expect(() => parseWebhookBody(Buffer.from('[1]'), 'application/json')).toThrow('body must be a JSON object');
    expect(() => parseWebhookBody(Buffer.from('a=1'), 'application/x-www-form-urlencoded')).toThrow('no "payload" field');
  });
});

describe('describeInvalidPayload', () => {
  it('names each missing or wrong field by its path', () => {
    const result = githubIssuesEvent.safeParse({ action: 'opened', issue: { id: 'x' } });
    expect(result.success).toBe(false);
    const message = describeInvalidPayload('issues', result.error!);
    expect(message).toMatch(/^invalid issues payload: /);
    expect(message).toContain('issue.id: Expected number, received string');
    expect(message).toContain('issue.number: Required');
    expect(message).toContain('repository: Required');
  });
});
