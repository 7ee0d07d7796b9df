import { id, listOf, optional } from '../cli-values';
import type { Graphql, GraphqlRequest } from '../gateway.client';
import { Outcome, table } from '../output';

export const ALERT_SEVERITIES = ['CRITICAL', 'WARNING', 'INFO'] as const;

export interface AlertJson {
  id: string;
  alertName: string;
  severity: string;
  status: string;
  service: string | null;
  summary: string | null;
  startsAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  incident: { id: string; reference: string } | null;
}

const ALERT_FIELDS = `id alertName severity status service summary startsAt acknowledgedBy acknowledgedAt incident { id reference }`;

export interface FiringOptions {
  service?: string;
  severity?: string[];
}

export function firingRequest(): GraphqlRequest {
  return { query: `query CliFiringAlerts { firingAlerts { ${ALERT_FIELDS} } }` };
}

/** firingAlerts has no arguments (at most 1000, most severe first); --service and --severity narrow it here. */
export function firingFilter(options: FiringOptions): (alert: AlertJson) => boolean {
  const service = optional(options.service, '--service');
  const severities: readonly string[] | undefined = listOf(options.severity, '--severity', ALERT_SEVERITIES);
  return (alert) => (!service || alert.service === service) && (!severities || severities.includes(alert.severity));
}

export function ackRequest(alertId: string): GraphqlRequest {
  return { query: `mutation CliAcknowledgeAlert($id: ID!) { acknowledgeAlert(id: $id) { ${ALERT_FIELDS} } }`, variables: { id: id(alertId, 'alert id') } };
}

export function formatAlerts(alerts: AlertJson[]): string {
  return table(
    ['ID', 'SEVERITY', 'NAME', 'SERVICE', 'SINCE', 'INCIDENT', 'SUMMARY'],
    alerts.map((a) => [a.id, a.severity, a.alertName, a.service, a.startsAt, a.incident?.reference, a.summary]),
  );
}

export async function firing(gql: Graphql, options: FiringOptions): Promise<Outcome> {
  const keep = firingFilter(options);
  const narrowed = (await gql<{ firingAlerts: AlertJson[] }>(firingRequest())).firingAlerts.filter(keep);
  return { json: narrowed, text: formatAlerts(narrowed) };
}

export async function ack(gql: Graphql, alertId: string): Promise<Outcome> {
  const { acknowledgeAlert } = await gql<{ acknowledgeAlert: AlertJson }>(ackRequest(alertId));
  return { json: acknowledgeAlert, text: `acknowledged alert ${acknowledgeAlert.id} (${acknowledgeAlert.alertName}): ${acknowledgeAlert.status}` };
}
