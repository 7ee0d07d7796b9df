import { eventsOver, promDuration, readSliResult, sliBudget, sliBurnRate, sliQueryProblem, sliReadingQuery, VectorSample } from './sli.rules';

const sample = (part: string, value: string): VectorSample => ({ metric: { companyos_sli_part: part }, value: [1_800_000_000, value] });
const WINDOWS = ['M5', 'M30', 'H1', 'H2', 'H6', 'D1', 'D3', 'SLO'];
/** Every window with `errors` of `total` events. */
const everyWindow = (errors: number, total: number) => WINDOWS.flatMap((w) => [sample(`error:${w}`, String(errors)), sample(`total:${w}`, String(total))]);

describe('sliBudget and sliBurnRate: bad ÷ all events against 1 − objective', () => {
  it('2 % errors at 95 %: burn 0.4, 40 % of the budget spent, 0.6 remaining', () => {
    expect(sliBurnRate(0.95, 0.02)).toBe(0.4);
    expect(sliBudget(0.95, 0.02)).toEqual({ consumed: 0.4, remaining: 0.6 });
  });

  it('2 % errors at 99 %: burn 2, the budget overspent twice over (remaining −1)', () => {
    expect(sliBurnRate(0.99, 0.02)).toBe(2);
    expect(sliBudget(0.99, 0.02)).toEqual({ consumed: 2, remaining: -1 });
  });

  it('3 of 100 requests slower than 0.5 s at 95 % (p95 latency): burn 0.6, remaining 0.4', () => {
    expect(sliBurnRate(0.95, 0.03)).toBe(0.6);
    expect(sliBudget(0.95, 0.03).remaining).toBe(0.4);
  });

  it('0.1 % errors at 99.9 % burns exactly 1 (the whole budget over the window), none leaves it whole', () => {
    expect(sliBurnRate(0.999, 0.001)).toBe(1);
    expect(sliBudget(0.999, 0.001).remaining).toBe(0);
    expect(sliBudget(0.999, 0)).toEqual({ consumed: 0, remaining: 1 });
  });
});

describe('sliQueryProblem', () => {
  it('takes a counter selector or PromQL holding {{.window}}', () => {
    expect(sliQueryProblem('http_request_duration_seconds_count{app="gateway",status_code=~"5.."}')).toBeNull();
    expect(sliQueryProblem('http_requests_total')).toBeNull();
    expect(sliQueryProblem('{__name__="x", a!="b\\"c"}')).toBeNull();
    expect(sliQueryProblem('sum(rate(x_count[{{.window}}])) - sum(rate(x_bucket{le="0.5"}[{{.window}}]))')).toBeNull();
  });

  it('refuses anything else, saying what it takes', () => {
    expect(sliQueryProblem('sum(rate(x[5m]))')).toMatch(/must be a counter series selector .* or a PromQL expression holding \{\{\.window\}\}/);
    expect(sliQueryProblem('x{a="b"}[5m]')).not.toBeNull();
    expect(sliQueryProblem('{}')).not.toBeNull();
    expect(sliQueryProblem('  ')).toBe('must not be empty');
    expect(sliQueryProblem(`x{a="${'y'.repeat(2000)}"}`)).toBe('must be at most 2000 characters');
  });
});

describe('eventsOver and sliReadingQuery', () => {
  it('counts a selector with increase over the window, fills a template in', () => {
    expect(eventsOver('x{a="b"}', '5m')).toBe('sum(increase(x{a="b"}[5m]))');
    expect(eventsOver('x{a="b"}', '1h', 'rate')).toBe('sum(rate(x{a="b"}[1h]))');
    expect(eventsOver('sum(rate(x[{{.window}}])) - sum(rate(y[{{.window}}]))', '6h')).toBe('sum(rate(x[6h])) - sum(rate(y[6h]))');
  });

  it('spells windows as Prometheus does', () => {
    expect([300, 1800, 3600, 7200, 21600, 86400, 259200, 30 * 86400, 45].map(promDuration)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d', '45s']);
  });

  it('reads every window and the SLO window in one query, errors defaulting to 0', () => {
    const query = sliReadingQuery({ errorQuery: 'e{code="500"}', totalQuery: 't' }, 28);
    expect(query.startsWith('label_replace((sum(increase(e{code="500"}[5m]))) or vector(0), "companyos_sli_part", "error:M5", "", "") or ')).toBe(true);
    expect(query).toContain('label_replace(sum(increase(t[3d])), "companyos_sli_part", "total:D3", "", "")');
    expect(query.endsWith('label_replace(sum(increase(t[28d])), "companyos_sli_part", "total:SLO", "", "")')).toBe(true);
    expect(query.match(/label_replace/g)).toHaveLength(16);
  });
});

describe('readSliResult', () => {
  it('gives bad ÷ all per window', () => {
    const reading = readSliResult(everyWindow(2, 100), 30);
    expect(reading.gaps).toEqual([]);
    expect(Object.values(reading.errorRatios)).toEqual(WINDOWS.map(() => 0.02));
  });

  it('a window with no events has ratio 0; a window without a total is unknown, with why', () => {
    const samples = everyWindow(1, 50).filter((s) => !s.metric.companyos_sli_part.endsWith(':M5'));
    samples.push(sample('error:M5', '0'), sample('total:M5', '0'));
    const reading = readSliResult(samples.filter((s) => s.metric.companyos_sli_part !== 'total:SLO'), 30);
    expect(reading.errorRatios.M5).toBe(0);
    expect(reading.errorRatios.SLO).toBeNull();
    expect(reading.gaps).toEqual(['SLO: no series match totalQuery']);
  });

  it('refuses NaN and more errors than events', () => {
    const samples = everyWindow(1, 50).map((s) =>
      s.metric.companyos_sli_part === 'total:H1' ? sample('total:H1', 'NaN') : s.metric.companyos_sli_part === 'error:D1' ? sample('error:D1', '60') : s,
    );
    const reading = readSliResult(samples, 30);
    expect(reading.errorRatios.H1).toBeNull();
    expect(reading.errorRatios.D1).toBeNull();
    expect(reading.gaps).toEqual(['H1: total is NaN', 'D1: more errors (60) than events (50)']);
  });

  it('refuses a query that gives several series for a part (it needs a sum)', () => {
    const samples = [...everyWindow(1, 50), { metric: { companyos_sli_part: 'error:M5', code: '502' }, value: [0, '1'] as [number, string] }];
    expect(() => readSliResult(samples, 30)).toThrow('the SLI query gives several series for error events; wrap it in sum(…)');
  });
});
