import { expiredPartitions, parsePartitionName, partitionOf, partitionsToEnsure, retentionCutoff } from './alert-partition.rules';

describe('alert partitions', () => {
  const at = (iso: string) => new Date(iso);

  it('names a month and its UTC bounds, and reads the name back', () => {
    expect(partitionOf(at('2026-12-31T23:59:59.999Z'))).toEqual({ name: 'alerts_y2026m12', from: at('2026-12-01T00:00:00Z'), to: at('2027-01-01T00:00:00Z') });
    expect(parsePartitionName('alerts_y2027m02')).toEqual({ name: 'alerts_y2027m02', from: at('2027-02-01T00:00:00Z'), to: at('2027-03-01T00:00:00Z') });
    expect(parsePartitionName('alerts_default')).toBeNull();
    expect(parsePartitionName('alerts_y2027m13')).toBeNull();
  });

  it('keeps the current month and three ahead, plus the default partition’s months that retention keeps', () => {
    const now = at('2026-12-15T10:00:00Z');
    const cutoff = retentionCutoff(now, 90);
    expect(cutoff).toEqual(at('2026-09-16T10:00:00Z'));
    const names = partitionsToEnsure(now, cutoff, [at('2026-10-03T00:00:00Z'), at('2026-09-20T00:00:00Z'), at('2026-08-31T00:00:00Z'), at('2031-01-01T00:00:00Z')]).map((p) => p.name);
    // August ends before the cutoff (retention deletes it from the default partition); 2031 is too far ahead.
    expect(names).toEqual(['alerts_y2026m09', 'alerts_y2026m10', 'alerts_y2026m12', 'alerts_y2027m01', 'alerts_y2027m02', 'alerts_y2027m03']);
  });

  it('expires only partitions whose whole month is older than the cutoff', () => {
    const partitions = ['alerts_y2026m08', 'alerts_y2026m09', 'alerts_y2026m10'].map((name) => parsePartitionName(name)!);
    expect(expiredPartitions(partitions, at('2026-10-01T00:00:00Z')).map((p) => p.name)).toEqual(['alerts_y2026m08', 'alerts_y2026m09']);
    expect(expiredPartitions(partitions, at('2026-09-30T23:59:59Z')).map((p) => p.name)).toEqual(['alerts_y2026m08']);
  });
});
