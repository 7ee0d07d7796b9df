import { loadPlatformConfig } from '../config/platform.config';
import { DeadLetterUsageError, parseDeadLetterArgs } from './dead-letter-admin';

const queues = ['incidents.alerts', 'deployments.incidents'];
const parse = (...argv: string[]) => parseDeadLetterArgs(argv, queues);
const refusal = (...argv: string[]) => {
  try {
    parse(...argv);
  } catch (error) {
    expect(error).toBeInstanceOf(DeadLetterUsageError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${argv.join(' ')}`);
};

describe('parseDeadLetterArgs', () => {
  it('reads list and replay with their options', () => {
    expect(parse('list')).toEqual({ command: 'list', queue: undefined });
    expect(parse('list', '--queue', 'incidents.alerts')).toEqual({ command: 'list', queue: 'incidents.alerts' });
    expect(parse('replay', '--queue', 'deployments.incidents', '--since', '2026-12-01T10:00:00Z', '--id', '42')).toEqual({
      command: 'replay',
      queue: 'deployments.incidents',
      since: new Date('2026-12-01T10:00:00Z'),
      id: '42',
    });
    expect(parse()).toEqual({ command: 'help' });
  });

  it('names the argument that is wrong', () => {
    expect(refusal('purge')).toMatch(/unknown command "purge"/);
    expect(refusal('replay')).toMatch(/^--queue: required/);
    expect(refusal('replay', '--queue', 'nope')).toMatch(/^--queue: unknown queue "nope"/);
    expect(refusal('replay', '--queue', 'incidents.alerts', '--since', 'yesterday')).toMatch(/^--since: "yesterday" is not an ISO-8601/);
    expect(refusal('replay', '--queue', 'incidents.alerts', '--id', '-3')).toMatch(/^--id: "-3" is not a dead letter id/);
    expect(refusal('replay', '--queue', 'incidents.alerts', '--id')).toMatch(/^--id: needs a value/);
    expect(refusal('list', '--since', '2026-12-01')).toMatch(/^--since: not an option of list/);
    expect(refusal('list', '--queue', 'incidents.alerts', '--queue', 'incidents.alerts')).toMatch(/^--queue: given twice/);
  });
});

describe('OUTBOX_RETENTION_DAYS', () => {
  it('refuses to boot with a retention shorter than the 7 days a failed job stays retryable', () => {
    expect(loadPlatformConfig('x', 4000, {}).outboxRetentionDays).toBe(7);
    expect(() => loadPlatformConfig('x', 4000, { OUTBOX_RETENTION_DAYS: '3' })).toThrow(/OUTBOX_RETENTION_DAYS: must be at least 7 days/);
    expect(loadPlatformConfig('x', 4000, { OUTBOX_RETENTION_DAYS: '30' }).outboxRetentionDays).toBe(30);
  });
});
