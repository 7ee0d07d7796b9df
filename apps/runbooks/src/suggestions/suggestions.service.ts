import { Injectable } from '@nestjs/common';
import { ExecutionsService } from '../executions/executions.service';
import { toRunbook } from '../runbooks/runbook.mapper';
import { RunbooksService } from '../runbooks/runbooks.service';
import { RunbookSuggestion } from './suggestion.model';
import { MatchKind, mergeRankings, rankSuggestions, SuggestionContext } from './suggestion.rules';

/** Runbooks for an alert, an incident or a service, ranked by past success (see suggestion.rules.ts). */
@Injectable()
export class SuggestionsService {
  constructor(
    private readonly runbooks: RunbooksService,
    private readonly executions: ExecutionsService,
  ) {}

  async suggest(context: SuggestionContext): Promise<RunbookSuggestion[]> {
    const alertNames = context.alertName ? [context.alertName] : [];
    const entities = await this.runbooks.candidates(alertNames, context.services, context.runbookUrl ?? null);
    if (!entities.length) return [];
    const records = await this.executions.runRecords(
      entities.map((runbook) => runbook.id),
      alertNames,
      context.services,
    );
    const ranked = rankSuggestions(
      entities.map((runbook) => ({ runbookId: runbook.id, title: runbook.title, path: runbook.path, url: runbook.url, alerts: runbook.alerts, services: runbook.services })),
      context,
      (id, kind, on) => (kind === MatchKind.SERVICE ? records.byService : records.byAlert).get(`${id}|${on}`),
    );
    const byId = new Map(entities.map((runbook) => [runbook.id, runbook]));
    return ranked.map((suggestion) => ({
      runbook: toRunbook(byId.get(suggestion.runbookId)!),
      match: suggestion.match,
      reason: suggestion.reason,
      successRate: suggestion.successRate,
      runs: suggestion.runs,
    }));
  }

  /**
   * Runbooks for an incident: those its alerts name (runbook_url) or handle
   * (alert name) first, then those covering its affected services.
   */
  async suggestForIncident(alerts: { alertName?: string | null; runbookUrl?: string | null }[], services: string[]): Promise<RunbookSuggestion[]> {
    const distinct = new Map(alerts.map((alert) => [`${alert.alertName ?? ''}\u0000${alert.runbookUrl ?? ''}`, alert]));
    const contexts: SuggestionContext[] = [
      ...[...distinct.values()].map((alert) => ({ alertName: alert.alertName ?? null, runbookUrl: alert.runbookUrl ?? null, services })),
      { services },
    ];
    const lists = await Promise.all(contexts.map((context) => this.suggest(context)));
    return mergeRankings(lists, (suggestion) => suggestion.runbook.id, (suggestion) => suggestion.runbook.title);
  }
}
