import { dateTime, id, integer, listOf, oneOf, optional, required, splitList, withoutUndefined } from '../cli-values';
import type { Graphql, GraphqlRequest } from '../gateway.client';
import { fields, Outcome, table } from '../output';

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export const STATUSES = ['OPEN', 'INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED'] as const;
const SEVERITY_ALIASES: Record<string, (typeof SEVERITIES)[number]> = { '1': 'SEV1', '2': 'SEV2', '3': 'SEV3', '4': 'SEV4', P1: 'SEV1', P2: 'SEV2', P3: 'SEV3', P4: 'SEV4' };

export interface IncidentJson {
  id: string;
  reference: string;
  title: string;
  severity: string;
  status: string;
  commander: string | null;
  affectedServices: string[];
  customerImpact: boolean;
  impactDescription: string | null;
  source: string;
  startedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  timeline?: { kind: string; actor: string; message: string; at: string }[];
}

const INCIDENT_FIELDS = `id reference title severity status commander affectedServices customerImpact impactDescription source startedAt acknowledgedAt resolvedAt resolution`;

export interface ListOptions {
  status?: string[];
  severity?: string[];
  service?: string;
  active?: boolean;
  first?: string;
}

export function listRequest(options: ListOptions): GraphqlRequest {
  const filter = {
    status: listOf(options.status, '--status', STATUSES),
    severity: listOf(options.severity, '--severity', SEVERITIES, SEVERITY_ALIASES),
    service: optional(options.service, '--service'),
    active: options.active,
  };
  return {
    query: `query CliIncidents($filter: IncidentsFilter, $first: Int!) { incidents(filter: $filter, first: $first) { totalCount nodes { ${INCIDENT_FIELDS} } } }`,
    variables: { filter: withoutUndefined(filter), first: integer(options.first, '--first', 1, 200, 20) },
  };
}

export function showRequest(incidentId: string): GraphqlRequest {
  return {
    query: `query CliIncident($id: ID!) { incident(id: $id) { ${INCIDENT_FIELDS} timeline { kind actor message at } } }`,
    variables: { id: id(incidentId, 'incident id') },
  };
}

export interface DeclareOptions {
  title?: string;
  severity?: string;
  service?: string[];
  commander?: string;
  customerImpact?: boolean;
  impact?: string;
  startedAt?: string;
}

export function declareRequest(options: DeclareOptions): GraphqlRequest {
  const input = {
    title: required(options.title, '--title'),
    severity: oneOf(required(options.severity, '--severity', '(sev1, sev2, sev3 or sev4)'), '--severity', SEVERITIES, SEVERITY_ALIASES),
    affectedServices: splitList(options.service).length ? splitList(options.service) : undefined,
    commander: optional(options.commander, '--commander'),
    customerImpact: options.customerImpact,
    impactDescription: optional(options.impact, '--impact'),
    startedAt: dateTime(options.startedAt, '--started-at'),
  };
  return {
    query: `mutation CliDeclareIncident($input: CreateIncidentInput!) { createIncident(input: $input) { ${INCIDENT_FIELDS} } }`,
    variables: { input: withoutUndefined(input) },
  };
}

export function ackRequest(incidentId: string): GraphqlRequest {
  return {
    query: `mutation CliAcknowledgeIncident($id: ID!) { acknowledgeIncident(id: $id) { ${INCIDENT_FIELDS} } }`,
    variables: { id: id(incidentId, 'incident id') },
  };
}

export function resolveRequest(incidentId: string, options: { resolution?: string }): GraphqlRequest {
  const resolution = optional(options.resolution, '--resolution');
  return {
    query: `mutation CliResolveIncident($id: ID!, $input: ResolveIncidentInput) { resolveIncident(id: $id, input: $input) { ${INCIDENT_FIELDS} } }`,
    variables: { id: id(incidentId, 'incident id'), input: resolution ? { resolution } : null },
  };
}

export function formatIncidentList(list: { totalCount: number; nodes: IncidentJson[] }): string {
  const rows = list.nodes.map((i) => [i.reference, i.id, i.severity, i.status, i.affectedServices, i.startedAt, i.title]);
  const shown = list.nodes.length < list.totalCount ? `\n(${list.nodes.length} of ${list.totalCount}; --first shows more)` : '';
  return `${table(['REF', 'ID', 'SEV', 'STATUS', 'SERVICES', 'STARTED', 'TITLE'], rows)}${shown}`;
}

export function formatIncident(incident: IncidentJson): string {
  const head = fields([
    ['incident', `${incident.reference} ${incident.title}`],
    ['id', incident.id],
    ['severity', incident.severity],
    ['status', incident.status],
    ['commander', incident.commander],
    ['services', incident.affectedServices],
    ['customer impact', incident.customerImpact ? incident.impactDescription ?? 'yes' : 'no'],
    ['source', incident.source],
    ['started', incident.startedAt],
    ['acknowledged', incident.acknowledgedAt],
    ['resolved', incident.resolvedAt],
    ['resolution', incident.resolution],
  ]);
  if (!incident.timeline) return head;
  const timeline = table(['AT', 'KIND', 'ACTOR', 'MESSAGE'], incident.timeline.map((entry) => [entry.at, entry.kind, entry.actor, entry.message]));
  return `${head}\n\ntimeline:\n${timeline}`;
}

export async function list(gql: Graphql, options: ListOptions): Promise<Outcome> {
  const { incidents } = await gql<{ incidents: { totalCount: number; nodes: IncidentJson[] } }>(listRequest(options));
  return { json: incidents, text: formatIncidentList(incidents) };
}

export async function show(gql: Graphql, incidentId: string): Promise<Outcome> {
  const { incident } = await gql<{ incident: IncidentJson }>(showRequest(incidentId));
  return { json: incident, text: formatIncident(incident) };
}

export async function declare(gql: Graphql, options: DeclareOptions): Promise<Outcome> {
  const { createIncident } = await gql<{ createIncident: IncidentJson }>(declareRequest(options));
  return { json: createIncident, text: `declared ${createIncident.reference} (${createIncident.id})\n${formatIncident(createIncident)}` };
}

export async function ack(gql: Graphql, incidentId: string): Promise<Outcome> {
  const { acknowledgeIncident } = await gql<{ acknowledgeIncident: IncidentJson }>(ackRequest(incidentId));
  return { json: acknowledgeIncident, text: `acknowledged ${acknowledgeIncident.reference}: ${acknowledgeIncident.status}` };
}

export async function resolve(gql: Graphql, incidentId: string, options: { resolution?: string }): Promise<Outcome> {
  const { resolveIncident } = await gql<{ resolveIncident: IncidentJson }>(resolveRequest(incidentId, options));
  return { json: resolveIncident, text: `resolved ${resolveIncident.reference} at ${resolveIncident.resolvedAt}` };
}
