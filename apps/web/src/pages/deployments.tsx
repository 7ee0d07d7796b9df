import { useState, type FormEvent } from 'react';
import { graphql } from '../api';
import { LineChart } from '../chart';
import { ago, duration, percent } from '../format';
import { useQuery } from '../use-query';
import { ErrorNote, Status } from '../widgets';

const ENVIRONMENTS = ['PRODUCTION', 'STAGING', 'DEVELOPMENT'] as const;
const GRANULARITIES = ['DAY', 'WEEK', 'MONTH'] as const;
const SPAN_DAYS: Record<(typeof GRANULARITIES)[number], number> = { DAY: 30, WEEK: 84, MONTH: 365 };

const DEPLOYMENTS = `query Deployments($filter: DeploymentsFilter, $environment: DeploymentEnvironment!, $granularity: DoraGranularity!, $service: String, $from: DateTime) {
  deployments(filter: $filter, first: 200) {
    nodes { id serviceName version environment status deployedBy startedAt finishedAt leadTimeSeconds }
  }
  doraMetrics(environment: $environment, granularity: $granularity, serviceName: $service, from: $from) {
    series { from deployments deploymentsPerDay leadTimeSeconds changeFailureRate timeToRestoreSeconds }
  }
}`;

interface Deployment {
  id: string;
  serviceName: string;
  version: string;
  environment: string;
  status: string;
  deployedBy: string;
  startedAt: string;
  finishedAt: string | null;
  leadTimeSeconds: number | null;
}
interface DeploymentsData {
  deployments: { nodes: Deployment[] };
  doraMetrics: { series: { from: string; deployments: number; deploymentsPerDay: number; leadTimeSeconds: number | null; changeFailureRate: number | null; timeToRestoreSeconds: number | null }[] } | null;
}

const utcMidnight = (daysAgo: number) => {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - daysAgo);
  return d.toISOString();
};

export function DeploymentsPage() {
  const [service, setService] = useState('');
  const [environment, setEnvironment] = useState<(typeof ENVIRONMENTS)[number]>('PRODUCTION');
  const [granularity, setGranularity] = useState<(typeof GRANULARITIES)[number]>('DAY');
  const { data, errors, error } = useQuery<DeploymentsData>(DEPLOYMENTS, {
    filter: { environment: [environment], ...(service ? { serviceName: service } : {}) },
    environment,
    granularity,
    service: service || null,
    from: utcMidnight(SPAN_DAYS[granularity]),
  });

  const byService = new Map<string, Deployment[]>();
  for (const d of data?.deployments.nodes ?? []) byService.set(d.serviceName, [...(byService.get(d.serviceName) ?? []), d]);
  const series = data?.doraMetrics?.series ?? [];
  const times = series.map((s) => new Date(s.from).getTime() / 1000);

  return (
    <div>
      <h1>Deployments</h1>
      <div className="filters">
        <label>Service <input value={service} onChange={(e) => setService(e.target.value.trim())} placeholder="all services" maxLength={200} /></label>
        <label>Environment <select value={environment} onChange={(e) => setEnvironment(e.target.value as never)}>{ENVIRONMENTS.map((v) => <option key={v}>{v}</option>)}</select></label>
        <label>Per <select value={granularity} onChange={(e) => setGranularity(e.target.value as never)}>{GRANULARITIES.map((v) => <option key={v}>{v}</option>)}</select></label>
      </div>
      {error && <ErrorNote message={error} />}
      {errors.length > 0 && <ErrorNote message={errors.join('; ')} />}
      <section className="card wide">
        <h2>DORA per {granularity.toLowerCase()}</h2>
        <div className="charts">
          <LineChart title="Deployments per day" times={times} values={series.map((s) => s.deploymentsPerDay)} format={(v) => v.toFixed(1)} />
          <LineChart title="Lead time" times={times} values={series.map((s) => s.leadTimeSeconds)} format={(v) => duration(v)} />
          <LineChart title="Change failure rate" times={times} values={series.map((s) => s.changeFailureRate)} format={(v) => percent(v)} />
          <LineChart title="Time to restore" times={times} values={series.map((s) => s.timeToRestoreSeconds)} format={(v) => duration(v)} />
        </div>
      </section>
      <div className="grid">
        <section className="card wide">
          <h2>Timeline · {environment.toLowerCase()}</h2>
          {[...byService.entries()].map(([name, deployments]) => (
            <div key={name} className="service-timeline">
              <h3>{name}</h3>
              <ol className="timeline">
                {deployments.slice(0, 20).map((d) => (
                  <li key={d.id}><Status value={d.status} /> <strong>{d.version}</strong> <span className="muted small">· {d.deployedBy} · {ago(d.finishedAt ?? d.startedAt)} · lead time {duration(d.leadTimeSeconds)}</span></li>
                ))}
              </ol>
            </div>
          ))}
          {data && !byService.size && <p className="muted">No deployment.</p>}
        </section>
        <ReleaseGate defaultService={service} environment={environment} />
      </div>
    </div>
  );
}

interface Decision {
  allowed: boolean;
  strategy: string;
  tier: number;
  violations: { rule: string; message: string; blocking: boolean }[];
  evaluatedAt: string;
}

function ReleaseGate({ defaultService, environment }: { defaultService: string; environment: string }) {
  const [service, setService] = useState(defaultService);
  const [version, setVersion] = useState('');
  const [decision, setDecision] = useState<Decision | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const check = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    try {
      const { data, errors } = await graphql<{ releaseGate: Decision }>(
        `query ($input: ReleaseGateInput!) { releaseGate(input: $input) { allowed strategy tier violations { rule message blocking } evaluatedAt } }`,
        { input: { service, environment, version } },
      );
      if (errors.length) throw new Error(errors.join('; '));
      setDecision(data!.releaseGate);
    } catch (e) {
      setDecision(null);
      setFailure((e as Error).message);
    }
  };
  return (
    <section className="card" aria-label="Release gate">
      <h2>Release gate</h2>
      <form onSubmit={check} className="stack">
        <input aria-label="Service" placeholder="service" value={service} onChange={(e) => setService(e.target.value)} required maxLength={200} />
        <input aria-label="Version" placeholder="version" value={version} onChange={(e) => setVersion(e.target.value)} required maxLength={200} />
        <button>Check {environment.toLowerCase()}</button>
      </form>
      {failure && <ErrorNote message={failure} />}
      {decision && (
        <div className={decision.allowed ? 'gate allowed' : 'gate denied'} data-gate={decision.allowed ? 'allowed' : 'denied'}>
          <strong>{decision.allowed ? 'Allowed' : 'Denied'}</strong> · strategy {decision.strategy.toLowerCase()} · tier {decision.tier}
          <ul>{decision.violations.map((v) => <li key={v.rule}>{v.blocking ? '⛔' : '⚠'} {v.message}</li>)}</ul>
        </div>
      )}
    </section>
  );
}
