/**
 * The monthly partitions of alerts.alerts (partitioned by starts_at): their
 * names, their bounds, which to create ahead and which retention drops.
 * Months are UTC calendar months; a partition holds [first of month, first of next).
 */
export interface AlertPartition {
  /** `alerts_y2026m12` */
  name: string;
  from: Date;
  to: Date;
}

export const DAY_MS = 24 * 3600_000;
/** Months after the current one that always have their partition. */
export const PARTITION_MONTHS_AHEAD = 3;

const NAME = /^alerts_y(\d{4})m(\d{2})$/;

export const monthStart = (date: Date, plusMonths = 0) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + plusMonths, 1));

export function partitionOf(date: Date): AlertPartition {
  const from = monthStart(date);
  return { name: `alerts_y${from.getUTCFullYear()}m${String(from.getUTCMonth() + 1).padStart(2, '0')}`, from, to: monthStart(from, 1) };
}

/** The partition a table name stands for, or null for any other table (the default partition among them). */
export function parsePartitionName(name: string): AlertPartition | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return partitionOf(new Date(Date.UTC(Number(match[1]), month - 1, 1)));
}

/** The oldest instant retention keeps: rows that started before it may go. */
export const retentionCutoff = (now: Date, retentionDays: number) => new Date(now.getTime() - retentionDays * DAY_MS);

/**
 * Partitions that should exist: the current month and the next
 * PARTITION_MONTHS_AHEAD, plus the months of rows waiting in the default
 * partition that retention keeps and that are not further ahead than that
 * (an alert far in the future stays in the default partition).
 */
export function partitionsToEnsure(now: Date, cutoff: Date, monthsInDefault: Date[] = []): AlertPartition[] {
  const wanted = new Map<string, AlertPartition>();
  for (let i = 0; i <= PARTITION_MONTHS_AHEAD; i++) {
    const partition = partitionOf(monthStart(now, i));
    wanted.set(partition.name, partition);
  }
  const last = monthStart(now, PARTITION_MONTHS_AHEAD + 1);
  for (const month of monthsInDefault) {
    const partition = partitionOf(month);
    if (partition.to > cutoff && partition.from < last) wanted.set(partition.name, partition);
  }
  return [...wanted.values()].sort((a, b) => a.from.getTime() - b.from.getTime());
}

/** Partitions wholly older than the cutoff: every row in them started before it. */
export const expiredPartitions = (partitions: AlertPartition[], cutoff: Date) => partitions.filter((partition) => partition.to <= cutoff);
