import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IncidentFactEntity } from './incident-fact.entity';
import { IncidentFact } from './incident-facts.rules';

/** The knowledge domain's store of what other domains said about incidents (alerts, runbook executions, cause). */
@Injectable()
export class IncidentFactsService {
  /**
   * Records a fact. An alert is kept as first attached; an execution takes its
   * finish over its start (never the reverse, whatever order they arrive in);
   * the cause attributed last wins.
   */
  async record(manager: EntityManager, fact: IncidentFact): Promise<void> {
    const replace: Record<IncidentFact['kind'], string> = {
      ALERT: 'DO NOTHING',
      RUNBOOK_EXECUTION: `DO UPDATE SET detail = EXCLUDED.detail WHERE f.detail->>'finishedAt' IS NULL`,
      CAUSE: 'DO UPDATE SET detail = EXCLUDED.detail, at = EXCLUDED.at WHERE f.at <= EXCLUDED.at',
    };
    await manager.query(
      `INSERT INTO knowledge.incident_facts AS f (incident_id, kind, key, at, detail) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (incident_id, kind, key) ${replace[fact.kind]}`,
      [fact.incidentId, fact.kind, fact.key, fact.at, JSON.stringify(fact.detail)],
    );
  }

  async of(manager: EntityManager, incidentId: string): Promise<IncidentFact[]> {
    return manager.find(IncidentFactEntity, { where: { incidentId } });
  }
}
