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

  it('refuses a NUL character (PostgreSQL cannot store it), naming where it is; an escaped backslash before u0000 is not one', () => {
    const alerts = '{"alerts":[{"labels":{"alertname":"A"}},{"annotations":{"summary":"disk\\u0000full"}}]}';
    expect(() => parseWebhookBody(Buffer.from(alerts), 'application/json')).toThrow('body holds a NUL character (U+0000) at alerts.1.annotations.summary, which cannot be stored');
    const form = new URLSearchParams({ payload: '{"issue":{"title":"a\\u0000"}}' }).toString();
    expect(() => parseWebhookBody(Buffer.from(form), 'application/x-www-form-urlencoded')).toThrow('at issue.title');
    expect(parseWebhookBody(Buffer.from('{"path":"C:\\\\u0000dir"}'), 'application/json')).toEqual({ path: 'C:\\u0000dir' });
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
