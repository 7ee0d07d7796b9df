import type { DataSource } from 'typeorm';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Schema?: string;
  Plans?: PlanNode[];
}

/**
 * The indexes PostgreSQL's planner chooses for a query as the app runs it
 * (`EXPLAIN`, not executed), and whether any node scans a table whole. An
 * index of a partition is named by the partitioned table's index it belongs
 * to (`alerts_firing`, not `alerts_y2026m12_severity_starts_at_idx`).
 */
export async function planOf(
  db: DataSource,
  query: { getQueryAndParameters(): [string, unknown[]] },
): Promise<{ indexes: string[]; seqScans: number; seqScanned: string[] }> {
  const [sql, parameters] = query.getQueryAndParameters();
  const [row]: { 'QUERY PLAN': { Plan: PlanNode }[] }[] = await db.query(`EXPLAIN (FORMAT JSON, VERBOSE) ${sql}`, parameters);
  const indexes: string[] = [];
  const seqScanned: string[] = [];
  const visit = (node: PlanNode) => {
    if (node['Index Name']) indexes.push(node['Index Name']);
    if (node['Node Type'] === 'Seq Scan') seqScanned.push(node.Schema ? `${node.Schema}.${node['Relation Name']}` : String(node['Relation Name']));
    node.Plans?.forEach(visit);
  };
  visit(row['QUERY PLAN'][0].Plan);
  return { indexes: await rootIndexes(db, indexes), seqScans: seqScanned.length, seqScanned };
}

/** Each index name replaced by the topmost partitioned index it is attached to (itself when none). */
async function rootIndexes(db: DataSource, names: string[]): Promise<string[]> {
  if (!names.length) return names;
  const rows: { name: string; root: string }[] = await db.query(
    `WITH RECURSIVE up(name, oid) AS (
       SELECT c.relname::text, c.oid FROM pg_class c WHERE c.relkind = 'i' AND c.relname = ANY($1)
       UNION ALL
       SELECT up.name, i.inhparent FROM up JOIN pg_inherits i ON i.inhrelid = up.oid)
     SELECT DISTINCT ON (up.name) up.name, c.relname AS root FROM up JOIN pg_class c ON c.oid = up.oid
      WHERE NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = up.oid)`,
    [names],
  );
  const root = new Map(rows.map((r) => [r.name, r.root]));
  return [...new Set(names.map((name) => root.get(name) ?? name))];
}
