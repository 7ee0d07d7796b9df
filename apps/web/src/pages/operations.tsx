import { mutate } from '../api';
import { ago, changeLabel, duration, percent } from '../format';
import { Link } from '../router';
import { useLive, useSession } from '../session';
import { useQuery } from '../use-query';
import { ErrorNote, Severity, Status } from '../widgets';

const OPERATIONS = `query Operations {
  incidents(filter: { active: true }, first: 100) {
    totalCount
    nodes { id reference title severity status commander affectedServices startedAt acknowledgedAt }
  }
  firingAlerts { id alertName severity status service summary startsAt receiveCount incident { id reference } }
  deployments(first: 8) { nodes { id serviceName version environment status deployedBy startedAt finishedAt } }
  doraMetrics(environment: PRODUCTION, granularity: MONTH) {
    summary { deploymentsPerDay leadTimeSeconds changeFailureRate timeToRestoreSeconds deployments }
    change {
      deploymentsPerDay { change improved }
      leadTime { change improved }
      changeFailureRate { change improved }
      timeToRestore { change improved }
    }
  }
  slos { id name service objective burnAlert errorBudget { remaining consumed } }
  onCall { schedule user layer from to isOverride }
}`;

interface Incident {
  id: string;
  reference: string;
  title: string;
  severity: string;
  status: string;
  commander: string | null;
  affectedServices: string[];
  startedAt: string;
  acknowledgedAt: string | null;
}
interface Alert {
  id: string;
  alertName: string;
  severity: string;
  status: string;
  service: string | null;
  summary: string | null;
  startsAt: string;
  receiveCount: number;
  incident: { id: string; reference: string } | null;
}
interface Change {
  change: number | null;
  improved: boolean | null;
}
interface OperationsData {
  incidents: { totalCount: number; nodes: Incident[] };
  firingAlerts: Alert[];
  deployments: { nodes: { id: string; serviceName: string; version: string; environment: string; status: string; deployedBy: string; startedAt: string; finishedAt: string | null }[] };
  doraMetrics: {
    summary: { deploymentsPerDay: number; leadTimeSeconds: number | null; changeFailureRate: number | null; timeToRestoreSeconds: number | null; deployments: number };
    change: Record<'deploymentsPerDay' | 'leadTime' | 'changeFailureRate' | 'timeToRestore', Change>;
  } | null;
  slos: { id: string; name: string; service: string; objective: number; burnAlert: string; errorBudget: { remaining: number; consumed: number } }[] | null;
  onCall: { schedule: string; user: string; layer: string; from: string; to: string; isOverride: boolean }[] | null;
}

const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
const PERIOD = 'previous 30 days';

export function OperationsPage() {
  const { canRespond } = useSession();
  const { recent } = useLive();
  const { data, errors, error, reload } = useQuery<OperationsData>(OPERATIONS);
  if (error) return <ErrorNote message={error} />;
  if (!data) return <p className="muted">Loading…</p>;
  const incidents = data.incidents.nodes;
  const alerts = data.firingAlerts ?? [];
  const slos = [...(data.slos ?? [])].sort((a, b) => a.errorBudget.remaining - b.errorBudget.remaining).slice(0, 5);

  const acknowledgeAlert = async (id: string) => {
    await mutate(`mutation ($id: ID!) { acknowledgeAlert(id: $id) { id status } }`, { id });
    reload();
  };

  return (
    <div className="grid">
      {errors.length > 0 && <ErrorNote message={`Part of the page could not be loaded: ${errors.join('; ')}`} />}
      <section className="card wide" aria-label="Active incidents">
        <h2>
          Active incidents <span className="count">{data.incidents.totalCount}</span>
        </h2>
        <div className="severity-row">
          {SEVERITIES.map((severity) => (
            <div key={severity} className={`severity-tile sev-${severity.toLowerCase()}`} data-severity={severity}>
              <span className="big">{incidents.filter((i) => i.severity === severity).length}</span>
              <span>{severity}</span>
            </div>
          ))}
        </div>
        <table>
          <thead>
            <tr><th>Incident</th><th>Severity</th><th>Status</th><th>Services</th><th>Commander</th><th>Started</th></tr>
          </thead>
          <tbody>
            {incidents.slice(0, 12).map((incident) => (
              <tr key={incident.id} data-incident={incident.id}>
                <td><Link to={`/incidents/${incident.id}`}>{incident.reference} · {incident.title}</Link></td>
                <td><Severity value={incident.severity} /></td>
                <td><Status value={incident.status} /></td>
                <td>{incident.affectedServices.join(', ') || '—'}</td>
                <td>{incident.commander ?? '—'}</td>
                <td>{ago(incident.startedAt)}</td>
              </tr>
            ))}
            {!incidents.length && <tr><td colSpan={6} className="muted">No active incident.</td></tr>}
          </tbody>
        </table>
      </section>

      <section className="card wide" aria-label="DORA">
        <h2>DORA · production, last 30 days</h2>
        <div className="tiles">
          {data.doraMetrics ? (
            <>
              <Tile label="Deployment frequency" value={`${data.doraMetrics.summary.deploymentsPerDay.toFixed(2)} / day`} change={data.doraMetrics.change.deploymentsPerDay} />
              <Tile label="Lead time for changes" value={duration(data.doraMetrics.summary.leadTimeSeconds)} change={data.doraMetrics.change.leadTime} />
              <Tile label="Change failure rate" value={percent(data.doraMetrics.summary.changeFailureRate, 1)} change={data.doraMetrics.change.changeFailureRate} />
              <Tile label="Time to restore" value={duration(data.doraMetrics.summary.timeToRestoreSeconds)} change={data.doraMetrics.change.timeToRestore} />
            </>
          ) : (
            <p className="muted">DORA metrics are unavailable.</p>
          )}
        </div>
      </section>

      <section className="card" aria-label="Firing alerts">
        <h2>
          Firing alerts <span className="count">{alerts.length}</span>
        </h2>
        <ul className="list">
          {alerts.slice(0, 15).map((alert) => (
            <li key={alert.id} data-alert={alert.id} data-alert-name={alert.alertName}>
              <Severity value={alert.severity} /> <strong>{alert.alertName}</strong> {alert.service && <span className="muted">· {alert.service}</span>}
              <div className="muted small">{alert.summary ?? ''} · since {ago(alert.startsAt)}{alert.receiveCount > 1 ? ` · ×${alert.receiveCount}` : ''}</div>
              {alert.incident && <div className="small">→ <Link to={`/incidents/${alert.incident.id}`}>{alert.incident.reference}</Link></div>}
              {canRespond && alert.status === 'FIRING' && (
                <button className="small-button" onClick={() => void acknowledgeAlert(alert.id)}>Acknowledge</button>
              )}
              {alert.status !== 'FIRING' && <Status value={alert.status} />}
            </li>
          ))}
          {!alerts.length && <li className="muted">Nothing is firing.</li>}
        </ul>
      </section>

      <section className="card" aria-label="Recent deployments">
        <h2>Recent deployments</h2>
        <ul className="list">
          {data.deployments.nodes.map((d) => (
            <li key={d.id}>
              <Status value={d.status} /> <strong>{d.serviceName}</strong> {d.version} <span className="muted">· {d.environment.toLowerCase()} · {d.deployedBy} · {ago(d.finishedAt ?? d.startedAt)}</span>
            </li>
          ))}
          {!data.deployments.nodes.length && <li className="muted">No deployment yet.</li>}
        </ul>
      </section>

      <section className="card" aria-label="SLOs at risk">
        <h2>SLOs with the least budget left</h2>
        <ul className="list">
          {slos.map((slo) => (
            <li key={slo.id}>
              <div className="row"><strong>{slo.name}</strong><span className={slo.errorBudget.remaining < 0.25 ? 'bad' : ''}>{percent(slo.errorBudget.remaining)} left</span></div>
              <div className="bar"><div style={{ width: `${Math.max(0, Math.min(1, slo.errorBudget.remaining)) * 100}%` }} /></div>
              <div className="muted small">{slo.service} · objective {slo.objective} % · burn {slo.burnAlert.toLowerCase()}</div>
            </li>
          ))}
          {!slos.length && <li className="muted">No SLO defined.</li>}
        </ul>
      </section>

      <section className="card" aria-label="On call">
        <h2>On call now</h2>
        <ul className="list">
          {(data.onCall ?? []).map((shift) => (
            <li key={`${shift.schedule}-${shift.layer}-${shift.user}`}>
              <strong>{shift.user}</strong> <span className="muted">· {shift.schedule} ({shift.layer}){shift.isOverride ? ' · override' : ''} · until {new Date(shift.to).toLocaleString()}</span>
            </li>
          ))}
          {!(data.onCall ?? []).length && <li className="muted">Nobody is on call (no schedule).</li>}
        </ul>
      </section>

      <section className="card" aria-label="Live events">
        <h2>Live</h2>
        <ul className="list small" data-live-feed>
          {recent.map((event) => (
            <li key={event.seq}><code>{event.type}</code> <span className="muted">{ago(event.occurredAt)}</span></li>
          ))}
          {!recent.length && <li className="muted">Waiting for events…</li>}
        </ul>
      </section>
    </div>
  );
}

function Tile({ label, value, change }: { label: string; value: string; change: Change }) {
  const tone = change.change === null || change.change === 0 ? 'flat' : change.improved ? 'good' : 'bad';
  return (
    <div className="tile" data-tile={label}>
      <div className="muted small">{label}</div>
      <div className="big">{value}</div>
      <div className={`change ${tone}`}>{changeLabel(change.change, PERIOD)}</div>
    </div>
  );
}
