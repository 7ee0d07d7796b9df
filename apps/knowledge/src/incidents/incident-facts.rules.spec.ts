import { AlertEvents, DeploymentEvents, IncidentAlertEvents, RunbookEvents } from '@companyos/contracts';
import type { DomainEvent } from '@companyos/platform';
import { draftFromIncident } from '../postmortems/postmortem.rules';
import { draftFacts, factOf } from './incident-facts.rules';

const incidentId = '6d9a5f0e-0000-4000-8000-000000000001';
const event = (type: string, payload: Record<string, unknown>, occurredAt = '2026-03-01T10:00:30Z'): DomainEvent =>
  ({ id: `${type}-1`, type, aggregateId: incidentId, occurredAt, payload }) as unknown as DomainEvent;

const deployment = {
  deploymentId: 'd1',
  serviceName: 'checkout',
  version: 'v2.4.1',
  environment: 'PRODUCTION',
  status: 'SUCCEEDED',
  commitSha: '9f2c1e7a5b3d4c6e8f0a',
  finishedAt: '2026-03-01T09:40:00Z',
  rollbackOf: null,
};

describe('incident facts', () => {
  it('reads an alert attached by incidents or linked by a person', () => {
    expect(factOf(event(IncidentAlertEvents.AlertAttached, { incidentId, alertId: 'a1', alertName: 'HighErrorRate' }))).toMatchObject({
      kind: 'ALERT',
      key: 'a1',
      detail: { alertName: 'HighErrorRate' },
    });
    expect(factOf(event(AlertEvents.LinkedToIncident, { incidentId, alertId: 'a2', alertName: 'Latency', actor: 'ana' }))?.key).toBe('a2');
    // Published before the event carried the name.
    expect(factOf(event(IncidentAlertEvents.AlertAttached, { incidentId, alertId: 'a3' }))?.detail).toEqual({ alertName: null });
  });

  it('ignores an execution of no incident', () => {
    expect(factOf(event(RunbookEvents.ExecutionStarted, { executionId: 'e', incidentId: null, startedAt: '2026-03-01T10:00:00Z' }))).toBeNull();
    expect(factOf(event('incident.declared', { incidentId }))).toBeNull();
  });

  it('words alerts, runbook runs and the causing deployment into the draft, in time order', () => {
    const facts = [
      factOf(event(DeploymentEvents.IncidentAttributed, { incidentId, deployment, attribution: 'AUTOMATIC', linkedBy: null, attributedAt: '2026-03-01T10:00:01Z' })),
      factOf(
        event(RunbookEvents.ExecutionFinished, {
          incidentId,
          executionId: 'e1',
          runbookId: 'r',
          runbookTitle: 'Roll back checkout',
          runbookVersion: 3,
          triggeredBy: 'ana',
          triggerSource: 'MANUAL',
          status: 'COMPLETED',
          stepsCompleted: 4,
          stepsTotal: 4,
          startedAt: '2026-03-01T10:10:00Z',
          finishedAt: '2026-03-01T10:20:00Z',
          actor: 'ana',
        }),
      ),
      factOf(event(IncidentAlertEvents.AlertAttached, { incidentId, alertId: 'a1', alertName: 'HighErrorRate' }, '2026-03-01T10:00:00Z')),
    ].filter((fact) => fact !== null);
    const words = draftFacts(facts);
    expect(words.alertNames).toEqual(['HighErrorRate']);
    expect(words.trigger).toBe(
      'Deployment of checkout v2.4.1 (9f2c1e7a5b3d) to PRODUCTION, finished 2026-03-01T09:40:00Z — attributed automatically (the last production deployment of an affected service before it started).',
    );
    expect(words.timeline.map((entry) => entry.kind)).toEqual(['ALERT', 'RUNBOOK_STARTED', 'RUNBOOK_FINISHED']);
    expect(words.timeline[2].description).toBe('runbook "Roll back checkout" completed (4/4 steps) by ana');

    const draft = draftFromIncident(
      {
        incidentId,
        number: 7,
        title: 'Checkout errors',
        severity: 'SEV1',
        status: 'RESOLVED',
        affectedServices: ['checkout'],
        customerImpact: true,
        impactDescription: null,
        commander: 'ana',
        startedAt: new Date('2026-03-01T10:00:00Z'),
        acknowledgedAt: new Date('2026-03-01T10:05:00Z'),
        mitigatedAt: null,
        resolvedAt: new Date('2026-03-01T10:30:00Z'),
        resolution: 'rolled back',
      },
      words,
    );
    expect(draft.trigger).toBe(words.trigger);
    expect(draft.detection).toBe('Declared at 2026-03-01T10:00:00.000Z from alert HighErrorRate; acknowledged 5 min later.');
    expect(draft.timeline.map((entry) => entry.kind)).toEqual(['DETECTED', 'ALERT', 'ACKNOWLEDGED', 'RUNBOOK_STARTED', 'RUNBOOK_FINISHED', 'RESOLVED']);
  });

  it('names the person who linked the cause, and no trigger once none is attributed', () => {
    const linked = factOf(event(DeploymentEvents.IncidentAttributed, { incidentId, deployment, attribution: 'MANUAL', linkedBy: 'ana', attributedAt: '2026-03-01T11:00:00Z' }));
    expect(draftFacts([linked!]).trigger).toMatch(/— linked by ana\.$/);
    const none = factOf(event(DeploymentEvents.IncidentAttributed, { incidentId, deployment: null, attribution: null, linkedBy: null, attributedAt: '2026-03-01T11:00:00Z' }));
    expect(draftFacts([none!]).trigger).toBeNull();
  });
});
