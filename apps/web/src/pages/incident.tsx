import { useState, type FormEvent } from 'react';
import { mutate } from '../api';
import { ago, when } from '../format';
import { Link } from '../router';
import { useSession } from '../session';
import { useQuery } from '../use-query';
import { ErrorNote, Severity, Status } from '../widgets';

const INCIDENT = `query Incident($id: ID!) {
  incident(id: $id) {
    id reference title severity status commander affectedServices customerImpact impactDescription
    startedAt acknowledgedAt resolvedAt resolution source githubIssueUrl
    timeline { kind actor message at }
    alerts { id alertName severity status service summary startsAt }
    causedBy { id serviceName version environment status finishedAt deployedBy }
    suggestedRunbooks { runbook { id title url category } match reason successRate runs }
    postmortem { id title status summary }
  }
}`;

interface IncidentData {
  incident: {
    id: string;
    reference: string;
    title: string;
    severity: string;
    status: string;
    commander: string | null;
    affectedServices: string[];
    customerImpact: boolean;
    impactDescription: string | null;
    startedAt: string;
    acknowledgedAt: string | null;
    resolvedAt: string | null;
    resolution: string | null;
    source: string;
    githubIssueUrl: string | null;
    timeline: { kind: string; actor: string; message: string; at: string }[];
    alerts: { id: string; alertName: string; severity: string; status: string; service: string | null; summary: string | null; startsAt: string }[];
    causedBy: { id: string; serviceName: string; version: string; environment: string; status: string; finishedAt: string | null; deployedBy: string } | null;
    suggestedRunbooks: { runbook: { id: string; title: string; url: string | null; category: string }; match: string; reason: string; successRate: number | null; runs: number }[] | null;
    postmortem: { id: string; title: string; status: string; summary: string | null } | null;
  };
}

const FIELDS = 'id status commander acknowledgedAt resolvedAt';

export function IncidentPage({ id }: { id: string }) {
  const { canRespond } = useSession();
  const { data, errors, error, reload } = useQuery<IncidentData>(INCIDENT, { id });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [commander, setCommander] = useState('');
  const [note, setNote] = useState('');
  const [resolution, setResolution] = useState('');

  if (error) return <ErrorNote message={error} />;
  if (!data) return <p className="muted">Loading…</p>;
  const incident = data.incident;
  const resolved = incident.status === 'RESOLVED';

  const act = async (query: string, variables: Record<string, unknown>, after?: () => void) => {
    setBusy(true);
    setFailure(null);
    try {
      await mutate(query, { id: incident.id, ...variables });
      after?.();
      reload();
    } catch (e) {
      setFailure((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const submit = (handler: () => void) => (event: FormEvent) => {
    event.preventDefault();
    handler();
  };

  return (
    <div className="detail">
      <p><Link to="/">← Operations</Link></p>
      <h1>
        <Severity value={incident.severity} /> {incident.reference} · {incident.title} <Status value={incident.status} />
      </h1>
      {errors.length > 0 && <ErrorNote message={`Part of the incident could not be loaded: ${errors.join('; ')}`} />}
      {failure && <ErrorNote message={failure} />}
      <div className="grid">
        <section className="card">
          <h2>Summary</h2>
          <dl>
            <dt>Commander</dt><dd data-field="commander">{incident.commander ?? '—'}</dd>
            <dt>Affected services</dt><dd>{incident.affectedServices.join(', ') || '—'}</dd>
            <dt>Customer impact</dt><dd>{incident.customerImpact ? incident.impactDescription ?? 'yes' : 'no'}</dd>
            <dt>Started</dt><dd>{when(incident.startedAt)} ({ago(incident.startedAt)})</dd>
            <dt>Acknowledged</dt><dd data-field="acknowledgedAt">{when(incident.acknowledgedAt)}</dd>
            <dt>Resolved</dt><dd>{when(incident.resolvedAt)}{incident.resolution ? ` — ${incident.resolution}` : ''}</dd>
            <dt>Source</dt><dd>{incident.source.toLowerCase()}{incident.githubIssueUrl && <> · <a href={incident.githubIssueUrl} rel="noreferrer noopener" target="_blank">issue</a></>}</dd>
            <dt>Caused by</dt>
            <dd>{incident.causedBy ? `${incident.causedBy.serviceName} ${incident.causedBy.version} (${incident.causedBy.environment.toLowerCase()}, ${incident.causedBy.status.toLowerCase()}, by ${incident.causedBy.deployedBy})` : '—'}</dd>
          </dl>
          {canRespond && !resolved && (
            <div className="actions" aria-label="Actions">
              {!incident.acknowledgedAt && (
                <button disabled={busy} onClick={() => void act(`mutation ($id: ID!) { acknowledgeIncident(id: $id) { ${FIELDS} } }`, {})}>Acknowledge</button>
              )}
              <form onSubmit={submit(() => void act(`mutation ($id: ID!, $commander: String!) { assignCommander(id: $id, commander: $commander) { ${FIELDS} } }`, { commander }, () => setCommander('')))}>
                <input aria-label="Commander" placeholder="commander" value={commander} onChange={(e) => setCommander(e.target.value)} required maxLength={200} />
                <button disabled={busy || !commander.trim()}>Assign commander</button>
              </form>
              <form onSubmit={submit(() => void act(`mutation ($id: ID!, $note: String!) { addIncidentNote(id: $id, note: $note) { ${FIELDS} } }`, { note }, () => setNote('')))}>
                <input aria-label="Note" placeholder="note for the timeline" value={note} onChange={(e) => setNote(e.target.value)} required maxLength={4000} />
                <button disabled={busy || !note.trim()}>Add note</button>
              </form>
              <form onSubmit={submit(() => void act(`mutation ($id: ID!, $input: ResolveIncidentInput) { resolveIncident(id: $id, input: $input) { ${FIELDS} } }`, { input: resolution.trim() ? { resolution } : {} }, () => setResolution('')))}>
                <input aria-label="Resolution" placeholder="resolution (optional)" value={resolution} onChange={(e) => setResolution(e.target.value)} maxLength={4000} />
                <button disabled={busy} className="danger">Resolve</button>
              </form>
            </div>
          )}
        </section>

        <section className="card">
          <h2>Timeline</h2>
          <ol className="timeline" data-timeline>
            {incident.timeline.map((entry, i) => (
              <li key={i} data-kind={entry.kind}>
                <span className="muted small">{when(entry.at)}</span> <strong>{entry.kind.toLowerCase().replace(/_/g, ' ')}</strong> · {entry.message} <span className="muted">— {entry.actor}</span>
              </li>
            ))}
          </ol>
        </section>

        <section className="card">
          <h2>Alerts <span className="count">{incident.alerts.length}</span></h2>
          <ul className="list">
            {incident.alerts.map((alert) => (
              <li key={alert.id}><Severity value={alert.severity} /> <strong>{alert.alertName}</strong> <Status value={alert.status} /> <span className="muted small">{alert.service ?? ''} · {ago(alert.startsAt)}</span></li>
            ))}
            {!incident.alerts.length && <li className="muted">No alert attached.</li>}
          </ul>
        </section>

        <section className="card">
          <h2>Suggested runbooks</h2>
          <ul className="list">
            {(incident.suggestedRunbooks ?? []).map((s) => (
              <li key={s.runbook.id}>
                <strong>{s.runbook.url ? <a href={s.runbook.url} target="_blank" rel="noreferrer noopener">{s.runbook.title}</a> : s.runbook.title}</strong>
                <div className="muted small">{s.reason}{s.runs ? ` · ${s.runs} runs, ${Math.round((s.successRate ?? 0) * 100)} % succeeded` : ''}</div>
              </li>
            ))}
            {!(incident.suggestedRunbooks ?? []).length && <li className="muted">No runbook matches.</li>}
          </ul>
          <h2>Postmortem</h2>
          {incident.postmortem ? (
            <p><strong>{incident.postmortem.title}</strong> <Status value={incident.postmortem.status} /><br /><span className="muted small">{incident.postmortem.summary ?? ''}</span></p>
          ) : (
            <p className="muted">None yet.</p>
          )}
        </section>
      </div>
    </div>
  );
}
