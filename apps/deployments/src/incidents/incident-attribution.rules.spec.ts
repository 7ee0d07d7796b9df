import { attributedDeployment, attributionRange, isAttributable } from './incident-attribution.rules';

const at = (iso: string) => new Date(`${iso}Z`);
const DAY = 86_400_000;
const WEEK = 7 * DAY;

describe('incident attribution window', () => {
  // An incident starts on Wednesday 10 June 2026 at 12:00 UTC; the window is the default 7 days.
  const started = at('2026-06-10T12:00:00');

  it('blames a deployment that finished up to 7 days before the incident started', () => {
    expect(isAttributable(at('2026-06-10T11:59:59'), started, WEEK)).toBe(true);
    expect(isAttributable(at('2026-06-03T12:00:00'), started, WEEK)).toBe(true); // exactly 7 days: still in
    expect(isAttributable(at('2026-06-03T11:59:59'), started, WEEK)).toBe(false); // a second older: out
  });

  it('never blames a deployment that finished at or after the start', () => {
    expect(isAttributable(at('2026-06-10T12:00:00'), started, WEEK)).toBe(false);
    expect(isAttributable(at('2026-06-10T12:00:01'), started, WEEK)).toBe(false);
  });

  it('takes the latest deployment in the window, and none when the last one is too old', () => {
    const candidates = [
      { id: 'month-old', finishedAt: at('2026-05-10T12:00:00') },
      { id: 'monday', finishedAt: at('2026-06-08T09:00:00') },
      { id: 'tuesday', finishedAt: at('2026-06-09T09:00:00') },
      { id: 'after', finishedAt: at('2026-06-10T13:00:00') },
    ];
    expect(attributedDeployment(candidates, started, WEEK)?.id).toBe('tuesday');
    expect(attributedDeployment(candidates.slice(0, 1), started, WEEK)).toBeNull();
    // With a 1-hour window, Tuesday's deployment is a day too old.
    expect(attributedDeployment(candidates, started, 3_600_000)).toBeNull();
  });

  it('gives the range as [start − window, start)', () => {
    expect(attributionRange(started, DAY)).toEqual({ finishedFrom: at('2026-06-09T12:00:00'), finishedBefore: started });
  });
});
