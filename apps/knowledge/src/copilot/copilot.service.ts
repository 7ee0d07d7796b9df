import { isUuid, UnitOfWork } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IncidentRecordEntity } from '../incidents/incident-record.entity';
import { KnowledgeTransactions } from '../knowledge/knowledge-transactions';
import { draftFromIncident } from '../postmortems/postmortem.rules';
import { rankSimilar, RankedSimilar, SimilarCandidate, suggestActions, SuggestedAction } from './similarity.rules';

/** Candidates read from the index per question (the rules pick the best of them). */
const CANDIDATES = 100;
/** Full-text matches ranked per question, at most. */
const TEXT_SCAN = 500;
/** Terms of the incident searched for. */
const MAX_TERMS = 40;

/**
 * The local incident copilot: no model, nothing downloaded. Similar
 * incidents come from shared services, shared alert names and PostgreSQL
 * full-text search over each incident's title, impact and its postmortem's
 * root cause, factors and trigger; suggestions pool the action items of
 * similar incidents.
 */
@Injectable()
export class CopilotService {
  constructor(private readonly tx: KnowledgeTransactions) {}

  /** Recomputes an incident's search document (after its record or its postmortem changed), in the caller's transaction. */
  async refreshSearch(manager: EntityManager | UnitOfWork['manager'], incidentId: string): Promise<void> {
    await manager.query(
      `UPDATE knowledge.incidents i
          SET search = to_tsvector('english', concat_ws(' ', i.title, i.impact_description,
                (SELECT concat_ws(' ', p.title, p.root_cause_analysis, array_to_string(p.contributing_factors, ' '), p.trigger)
                   FROM knowledge.postmortems p WHERE p.incident_id = i.incident_id)))
        WHERE i.incident_id = $1`,
      [incidentId],
    );
  }

  /** Past incidents like this one, best first, each with its reason. */
  async similar(incidentId: string, first: number): Promise<RankedSimilar[]> {
    if (!isUuid(incidentId)) return [];
    const manager = this.tx.dataSource.manager;
    const [target] = (await manager.query(
      `SELECT affected_services AS services, COALESCE(tsvector_to_array(search), '{}') AS terms,
              ARRAY(SELECT DISTINCT f.detail->>'alertName' FROM knowledge.incident_facts f
                     WHERE f.incident_id = $1 AND f.kind = 'ALERT' AND f.detail->>'alertName' IS NOT NULL) AS "alertNames"
         FROM knowledge.incidents WHERE incident_id = $1`,
      [incidentId],
    )) as { services: string[]; terms: string[]; alertNames: string[] }[];
    if (!target) return [];
    const terms = target.terms.filter((term) => /^[a-z0-9][a-z0-9_-]*$/.test(term) && term.length > 2).slice(0, MAX_TERMS);
    const query = terms.map((term) => `'${term}'`).join(' | ');
    // Three bounded candidate sets, each from its index: incidents of the same services (newest first), incidents
    // the same alerts were attached to (newest first, from the alert facts other domains' events reported), and
    // incidents matching the terms (at most TEXT_SCAN of them ranked, so a common word cannot make it scan them all).
    const rows = (await manager.query(
      `WITH q AS (SELECT CASE WHEN $3 = '' THEN NULL ELSE to_tsquery('simple', $3) END AS query),
            by_service AS (
              SELECT i.incident_id FROM knowledge.incidents i
               WHERE i.incident_id <> $1 AND i.affected_services && $2::text[]
               ORDER BY i.started_at DESC LIMIT ${CANDIDATES}),
            by_alert AS (
              SELECT f.incident_id FROM knowledge.incident_facts f
               WHERE cardinality($5::text[]) > 0 AND f.kind = 'ALERT' AND (f.detail->>'alertName') = ANY($5::text[]) AND f.incident_id <> $1
               GROUP BY f.incident_id ORDER BY max(f.at) DESC LIMIT ${CANDIDATES}),
            by_text AS (
              SELECT m.incident_id FROM (
                SELECT i.incident_id, i.search FROM knowledge.incidents i, q
                 WHERE q.query IS NOT NULL AND i.incident_id <> $1 AND i.search @@ q.query LIMIT ${TEXT_SCAN}) m, q
               ORDER BY ts_rank_cd(m.search, q.query) DESC LIMIT ${CANDIDATES})
       SELECT i.incident_id AS "incidentId", i.affected_services AS services,
              COALESCE(ts_rank_cd(i.search, q.query), 0) AS "textRank",
              ARRAY(SELECT unnest(tsvector_to_array(i.search)) INTERSECT SELECT unnest($4::text[])) AS "matchedTerms",
              ARRAY(SELECT DISTINCT f.detail->>'alertName' FROM knowledge.incident_facts f
                     WHERE f.incident_id = i.incident_id AND f.kind = 'ALERT' AND (f.detail->>'alertName') = ANY($5::text[])) AS "alertNames",
              EXISTS (SELECT 1 FROM knowledge.postmortems p WHERE p.incident_id = i.incident_id AND p.status = 'PUBLISHED') AS "hasPublishedPostmortem"
         FROM knowledge.incidents i, q
        WHERE i.incident_id IN (SELECT incident_id FROM by_service UNION SELECT incident_id FROM by_alert UNION SELECT incident_id FROM by_text)`,
      [incidentId, target.services, query, terms, target.alertNames],
    )) as SimilarCandidate[];
    return rankSimilar(target.services, target.alertNames, rows.map((row) => ({ ...row, textRank: Number(row.textRank) })), first);
  }

  /** Action items of similar incidents' postmortems that this one does not have yet. */
  async suggestedActionItems(postmortemId: string, incidentId: string, first: number): Promise<SuggestedAction[]> {
    const similar = await this.similar(incidentId, 10);
    if (!similar.length) return [];
    const manager = this.tx.dataSource.manager;
    const pooled = (await manager.query(
      `SELECT a.description, a.owner, a.incident_id AS "incidentId" FROM knowledge.action_items a
        WHERE a.incident_id = ANY($1::uuid[]) AND a.status <> 'CANCELLED' ORDER BY array_position($1::uuid[], a.incident_id), a.seq LIMIT 500`,
      [similar.map((each) => each.incidentId)],
    )) as { description: string; owner: string | null; incidentId: string }[];
    const existing = ((await manager.query(`SELECT description FROM knowledge.action_items WHERE postmortem_id = $1`, [postmortemId])) as { description: string }[]).map(
      (row) => row.description,
    );
    return suggestActions(pooled, existing, first);
  }

  /** A readable summary of the incident's timeline, or null when the knowledge domain has not heard of it. */
  async summary(incidentId: string): Promise<string | null> {
    const record = isUuid(incidentId) ? await this.tx.dataSource.manager.findOneBy(IncidentRecordEntity, { incidentId }) : null;
    if (!record) return null;
    const draft = draftFromIncident(record);
    const state = record.resolvedAt ? '' : ` It is ${record.status} (not resolved).`;
    return `${draft.summary}${state} ${draft.impact} Timeline: ${draft.timeline.map((entry) => `${entry.at} ${entry.description}`).join('; ')}.`;
  }
}
