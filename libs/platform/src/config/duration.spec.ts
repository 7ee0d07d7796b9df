import { parseDuration } from './duration';

describe('parseDuration', () => {
  it('reads Prometheus-style durations in milliseconds', () => {
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration(' 250ms ')).toBe(250);
  });

  it('refuses anything else, naming what is wrong', () => {
    expect(() => parseDuration('3600')).toThrow(/not a duration/);
    expect(() => parseDuration('1w')).toThrow(/not a duration/);
    expect(() => parseDuration('1h ')).not.toThrow();
    expect(() => parseDuration('h1')).toThrow(/not a duration/);
    expect(() => parseDuration('0m')).toThrow(/more than zero/);
    expect(() => parseDuration('')).toThrow(/empty/);
  });
});
