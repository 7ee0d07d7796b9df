import { actorOf, RequestContext, RequiresRole } from '@companyos/platform';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { toSchedule, toScheduleOverride } from './schedule.mapper';
import { CreateScheduleInput, OnCallShift, Schedule, ScheduleGap, ScheduleOverride, ScheduleOverrideInput, ScheduleShifts, UpdateScheduleInput } from './schedule.model';
import { ScheduleEntity } from './schedule.entity';
import { SchedulesService } from './schedules.service';

@Resolver(() => Schedule)
export class SchedulesResolver {
  constructor(private readonly service: SchedulesService) {}

  private async full(schedule: ScheduleEntity): Promise<Schedule> {
    const [versions, overrides] = await Promise.all([this.service.versions(schedule.id), this.service.overrides(schedule.id, new Date())]);
    return toSchedule(schedule, versions, overrides);
  }

  @Query(() => Schedule, { description: 'One schedule by name; SCHEDULE_NOT_FOUND if there is none.' })
  async schedule(@Args('name') name: string): Promise<Schedule> {
    return this.full(await this.service.byName(name));
  }

  @Query(() => [Schedule], { description: 'Every schedule, by name (at most 1000).' })
  async schedules(): Promise<Schedule[]> {
    return Promise.all((await this.service.list()).map((schedule) => this.full(schedule)));
  }

  @Query(() => [OnCallShift], {
    description: 'Who is on call at `at` (default now), with their whole shifts: on the schedule named, else on the schedules of the service, else on every schedule.',
  })
  onCall(
    @Args('schedule', { type: () => String, nullable: true }) schedule: string | null,
    @Args('service', { type: () => String, nullable: true }) service: string | null,
    @Args('at', { type: () => Date, nullable: true }) at: Date | null,
  ): Promise<OnCallShift[]> {
    return this.service.onCall({ schedule, services: service ? [service] : null }, at ?? new Date());
  }

  @Query(() => ScheduleShifts, { description: 'The final schedule over [from, to) (at most 366 days), and its warnings.' })
  scheduleShifts(@Args('schedule') schedule: string, @Args('from', { type: () => Date }) from: Date, @Args('to', { type: () => Date }) to: Date): Promise<ScheduleShifts> {
    return this.service.shifts(schedule, from, to);
  }

  @Query(() => [ScheduleGap], { description: 'Stretches of [from, to) with nobody on call.' })
  scheduleGaps(@Args('schedule') schedule: string, @Args('from', { type: () => Date }) from: Date, @Args('to', { type: () => Date }) to: Date): Promise<ScheduleGap[]> {
    return this.service.gaps(schedule, from, to);
  }

  @RequiresRole('admin')
  @Mutation(() => Schedule, { description: 'INVALID_SCHEDULE names the field (an unknown time zone, a hand-off like 25:00, …); SCHEDULE_NAME_TAKEN.' })
  async createSchedule(@Args('input') input: CreateScheduleInput, @Context() ctx: RequestContext): Promise<Schedule> {
    return this.full(await this.service.create(input, actorOf(ctx)));
  }

  @RequiresRole('admin')
  @Mutation(() => Schedule, { description: 'A new version from effectiveFrom (default now); earlier times keep the old definition.' })
  async updateSchedule(@Args('name') name: string, @Args('input') input: UpdateScheduleInput, @Context() ctx: RequestContext): Promise<Schedule> {
    return this.full(await this.service.update(name, input, actorOf(ctx)));
  }

  @RequiresRole('admin')
  @Mutation(() => ScheduleOverride, { description: 'Puts `user` on call instead of the layers from `from` to `to` (INVALID_SCHEDULE_OVERRIDE when it ends before it starts).' })
  async addScheduleOverride(@Args('schedule') schedule: string, @Args('input') input: ScheduleOverrideInput, @Context() ctx: RequestContext): Promise<ScheduleOverride> {
    return toScheduleOverride(await this.service.addOverride(schedule, input, actorOf(ctx)));
  }
}
