import { BadRequestException, Controller, Get, Header, Param, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { GraphqlExecutor } from './graphql-executor';
import { CalendarShift, scheduleCalendar } from './schedule-calendar';
import { ApiFacade, ApiQueries } from '../openapi/api-docs';
import { ApiOperation, ApiProduces, ApiResponse } from '@nestjs/swagger';

const DAY_MS = 86_400_000;

const instant = (name: string, value: string | undefined, fallback: Date): string => {
  if (value === undefined) return fallback.toISOString();
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new BadRequestException(`query parameter ${name} must be an ISO 8601 instant`);
  return parsed.toISOString();
};

/** On-call schedules for calendar apps: the schedule's shifts as iCalendar. */
@ApiFacade('on-call')
@Controller('api/companyos/schedules')
export class SchedulesController {
  constructor(private readonly graphql: GraphqlExecutor) {}

  /** `?from=&to=` (default: a week back to 90 days ahead; at most 366 days). */
  @ApiOperation({ summary: 'A schedule\'s shifts as iCalendar' })
  @ApiProduces('text/calendar')
  @ApiResponse({ status: 200, description: 'An iCalendar file.', content: { 'text/calendar': { schema: { type: 'string' } } } })
  @ApiQueries({ from: 'ISO 8601 (default a week ago).', to: 'ISO 8601 (default 90 days ahead; at most 366 days after from).' })
  @Get(':name/ics')
  @Header('content-type', 'text/calendar; charset=utf-8')
  async ics(@Param('name') name: string, @Query() query: Record<string, string | undefined>, @Req() req: Request): Promise<string> {
    const now = Date.now();
    const data = await this.graphql.run<{ scheduleShifts: { shifts: CalendarShift[] } }>(
      `query ($schedule: String!, $from: DateTime!, $to: DateTime!) {
        scheduleShifts(schedule: $schedule, from: $from, to: $to) { shifts { user layer from to isOverride } }
      }`,
      { schedule: name, from: instant('from', query.from, new Date(now - 7 * DAY_MS)), to: instant('to', query.to, new Date(now + 90 * DAY_MS)) },
      req,
    );
    return scheduleCalendar(name, data.scheduleShifts.shifts);
  }
}
