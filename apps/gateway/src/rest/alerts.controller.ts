import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { GraphqlExecutor } from './graphql-executor';
import { booleanParam, enumList, pageParams } from './rest-values';
import { ApiCall, ApiFacade, ApiJsonBody, ApiPage, ApiQueries, pageSchema } from '../openapi/api-docs';

const ALERT_FIELDS = `
  id fingerprint alertName severity status service labels annotations summary description runbookUrl startsAt endsAt
  generatorURL groupKey firstReceivedAt lastReceivedAt receiveCount acknowledgedBy acknowledgedAt silencedUntil
  resolvedAt resolvedBy incident { id }`;

/** The seed's REST paths for alerts, as a thin facade over the graph's operations. */
@ApiFacade('alerts')
@Controller('api/companyos/alerts')
export class AlertsController {
  constructor(private readonly graphql: GraphqlExecutor) {}

  @ApiCall('Alerts, newest first', 200, 'A page of alerts.', pageSchema())
  @ApiQueries({
    status: 'Comma-separated statuses (firing, acknowledged, silenced, resolved).',
    severity: 'Comma-separated severities (critical, warning, info).',
    service: 'Alerts of this service.',
    alertName: 'Alerts of this name.',
    incidentId: 'Alerts linked to this incident.',
    firing: 'true: firing now; false: everything else.',
  })
  @ApiPage()
  @Get()
  async list(@Query() query: Record<string, string | undefined>, @Req() req: Request) {
    const filter = {
      status: enumList(query.status),
      severity: enumList(query.severity),
      service: query.service,
      alertName: query.alertName,
      incidentId: query.incidentId,
      firing: booleanParam('firing', query.firing),
    };
    const data = await this.graphql.run<{ alerts: unknown }>(
      `query ($filter: AlertsFilter, $first: Int, $after: String) {
        alerts(filter: $filter, first: $first, after: $after) { nodes { ${ALERT_FIELDS} } pageInfo { hasNextPage endCursor } totalCount }
      }`,
      { filter, ...pageParams(query) },
      req,
    );
    return data.alerts;
  }

  @ApiCall('Alerts firing now (at most 1000), most severe first', 200, 'The firing alerts.', { type: 'array', items: { type: 'object', additionalProperties: true } })
  @Get('firing')
  async firing(@Req() req: Request) {
    const data = await this.graphql.run<{ firingAlerts: unknown }>(`{ firingAlerts { ${ALERT_FIELDS} } }`, {}, req);
    return data.firingAlerts;
  }

  @ApiCall('One alert', 200, 'The alert.')
  @Get(':id')
  async get(@Param('id') id: string, @Req() req: Request) {
    const data = await this.graphql.run<{ alert: unknown }>(`query ($id: ID!) { alert(id: $id) { ${ALERT_FIELDS} } }`, { id }, req);
    return data.alert;
  }

  @ApiCall('Acknowledge an alert (responder)', 200, 'The alert, acknowledged.')
  @Post(':id/acknowledge')
  @HttpCode(200)
  async acknowledge(@Param('id') id: string, @Req() req: Request) {
    const data = await this.graphql.run<{ acknowledgeAlert: unknown }>(
      `mutation ($id: ID!) { acknowledgeAlert(id: $id) { ${ALERT_FIELDS} } }`,
      { id },
      req,
    );
    return data.acknowledgeAlert;
  }

  @ApiCall('Link an alert to an incident (responder)', 200, 'The alert, linked.')
  @ApiJsonBody('The incident to link.', { type: 'object', required: ['incidentId'], properties: { incidentId: { type: 'string' } } })
  @Post(':id/link-incident')
  @HttpCode(200)
  async linkIncident(@Param('id') id: string, @Body() body: { incidentId?: unknown } | undefined, @Req() req: Request) {
    if (typeof body?.incidentId !== 'string') throw new BadRequestException('body must be {"incidentId": "<incident id>"}');
    const data = await this.graphql.run<{ linkAlertToIncident: unknown }>(
      `mutation ($id: ID!, $incidentId: ID!) { linkAlertToIncident(alertId: $id, incidentId: $incidentId) { ${ALERT_FIELDS} } }`,
      { id, incidentId: body.incidentId },
      req,
    );
    return data.linkAlertToIncident;
  }

  @ApiCall('Resolve an alert (responder)', 200, 'The alert, resolved.')
  @Post(':id/resolve')
  @HttpCode(200)
  async resolve(@Param('id') id: string, @Req() req: Request) {
    const data = await this.graphql.run<{ resolveAlert: unknown }>(`mutation ($id: ID!) { resolveAlert(id: $id) { ${ALERT_FIELDS} } }`, { id }, req);
    return data.resolveAlert;
  }
}
