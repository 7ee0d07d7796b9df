import { when, percent } from '../format';
import { useQuery } from '../use-query';
import { ErrorNote } from '../widgets';

const SLOS = `query Slos {
  slos {
    id name service objective windowDays description burnAlert
    errorBudget { remaining consumed badSeconds allowedBadSeconds }
    m5: burnRate(window: M5) h1: burnRate(window: H1) h6: burnRate(window: H6) d3: burnRate(window: D3)
    violations { id alertId startedAt endedAt }
  }
}`;

interface Slo {
  id: string;
  name: string;
  service: string;
  objective: number;
  windowDays: number;
  description: string | null;
  burnAlert: string;
  errorBudget: { remaining: number; consumed: number; badSeconds: number; allowedBadSeconds: number };
  m5: number | null;
  h1: number | null;
  h6: number | null;
  d3: number | null;
  violations: { id: string; alertId: string; startedAt: string; endedAt: string | null }[];
}

const rate = (v: number | null) => (v === null || v === undefined ? '—' : `${v.toFixed(2)}×`);

export function SlosPage() {
  const { data, errors, error } = useQuery<{ slos: Slo[] | null }>(SLOS);
  if (error) return <ErrorNote message={error} />;
  if (!data) return <p className="muted">Loading…</p>;
  const slos = [...(data.slos ?? [])].sort((a, b) => a.errorBudget.remaining - b.errorBudget.remaining);
  return (
    <div>
      <h1>Service level objectives</h1>
      {errors.length > 0 && <ErrorNote message={`Some figures could not be loaded: ${errors.join('; ')}`} />}
      <table>
        <thead>
          <tr><th>SLO</th><th>Objective</th><th>Budget remaining</th><th>Burn 5 m</th><th>1 h</th><th>6 h</th><th>3 d</th><th>Alert</th><th>Violations</th></tr>
        </thead>
        <tbody>
          {slos.map((slo) => (
            <tr key={slo.id}>
              <td><strong>{slo.name}</strong><div className="muted small">{slo.service} · {slo.windowDays} days</div></td>
              <td>{slo.objective} %</td>
              <td>
                <div className="bar"><div style={{ width: `${Math.max(0, Math.min(1, slo.errorBudget.remaining)) * 100}%` }} /></div>
                {percent(slo.errorBudget.remaining, 1)}
              </td>
              <td>{rate(slo.m5)}</td><td>{rate(slo.h1)}</td><td>{rate(slo.h6)}</td><td>{rate(slo.d3)}</td>
              <td className={slo.burnAlert === 'OK' ? '' : 'bad'}>{slo.burnAlert.toLowerCase()}</td>
              <td>
                {slo.violations.length ? (
                  <ul className="small">{slo.violations.slice(0, 5).map((v) => <li key={v.id}>{when(v.startedAt)} → {v.endedAt ? when(v.endedAt) : 'ongoing'}</li>)}</ul>
                ) : (
                  <span className="muted">none</span>
                )}
              </td>
            </tr>
          ))}
          {!slos.length && <tr><td colSpan={9} className="muted">No SLO defined.</td></tr>}
        </tbody>
      </table>
    </div>
  );
}
