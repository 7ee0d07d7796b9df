import type { DataSource } from 'typeorm';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/**
 * The indexes PostgreSQL's planner chooses for a query as the app runs it
 * (`EXPLAIN`, not executed), and whether any node scans a table whole.
 */
export async function planOf(db: DataSource, query: { getQueryAndParameters(): [string, unknown[]] }): Promise<{ indexes: string[]; seqScans: number }> {
  const [sql, parameters] = query.getQueryAndParameters();
  const [row]: { 'QUERY PLAN': { Plan: PlanNode }[] }[] = await db.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters);
  const indexes: string[] = [];
  let seqScans = 0;
  const visit = (node: PlanNode) => {
    if (node['Index Name']) indexes.push(node['Index Name']);
    if (node['Node Type'] === 'Seq Scan') seqScans++;
    node.Plans?.forEach(visit);
  };
  visit(row['QUERY PLAN'][0].Plan);
  return { indexes, seqScans };
}
