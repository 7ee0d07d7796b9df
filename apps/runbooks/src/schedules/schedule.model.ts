import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDate, IsEnum, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { WEEKDAYS } from './schedule.rules';

export enum RotationUnitEnum {
  HOURS = 'HOURS',
  DAYS = 'DAYS',
  WEEKS = 'WEEKS',
}
export enum AdvanceOnEnum {
  CALENDAR = 'CALENDAR',
  ACTIVE_SHIFTS = 'ACTIVE_SHIFTS',
}
export const WeekdayEnum = Object.fromEntries(WEEKDAYS.map((day) => [day, day])) as { [D in (typeof WEEKDAYS)[number]]: D };

registerEnumType(RotationUnitEnum, { name: 'RotationUnit' });
registerEnumType(AdvanceOnEnum, {
  name: 'AdvanceOn',
  description: 'CALENDAR: the rotation hands off on the calendar, through restricted time too. ACTIVE_SHIFTS: the turn passes at the start of every `every`-th restriction window, so restricted time never uses a turn up.',
});
registerEnumType(WeekdayEnum, { name: 'Weekday' });

@ObjectType('ScheduleRotation')
@InputType('ScheduleRotationInput')
export class RotationModel {
  @Field(() => String, { description: 'Local time of the hand-off in the schedule\'s zone, "09:00" (DAYS and WEEKS).', defaultValue: '09:00' })
  @IsString()
  handoffTime: string;

  @Field(() => Int)
  @IsInt()
  every: number;

  @Field(() => RotationUnitEnum)
  @IsEnum(RotationUnitEnum)
  unit: RotationUnitEnum;

  @Field(() => Date, { description: 'Phase anchor: the first hand-off (to the first group) is on this instant\'s local date at handoffTime (HOURS: this instant).' })
  @IsDate()
  startsAt: Date;
}

@ObjectType('ScheduleRestriction')
@InputType('ScheduleRestrictionInput')
export class RestrictionModel {
  @Field(() => WeekdayEnum)
  @IsIn(WEEKDAYS)
  startDay: (typeof WEEKDAYS)[number];

  @Field(() => String, { description: '"09:00"' })
  @IsString()
  startTime: string;

  @Field(() => WeekdayEnum)
  @IsIn(WEEKDAYS)
  endDay: (typeof WEEKDAYS)[number];

  @Field(() => String, { description: '"17:00"' })
  @IsString()
  endTime: string;
}

@ObjectType('ScheduleLayer')
@InputType('ScheduleLayerInput')
export class LayerModel {
  @Field(() => String)
  @IsString()
  @MaxLength(100)
  name: string;

  @Field(() => Int, { defaultValue: 1, description: 'Higher beats lower.' })
  @IsInt()
  @Min(0)
  @Max(1000)
  priority: number;

  @Field(() => [[String]], { description: 'Groups in rotation order; a group is on call together (an empty group leaves its turns to the layer below).' })
  @IsArray()
  @ArrayMaxSize(200)
  members: string[][];

  @Field(() => RotationModel)
  @ValidateNested()
  @Type(() => RotationModel)
  rotation: RotationModel;

  @Field(() => [RestrictionModel], { defaultValue: [], description: 'Weekly windows in the zone; none: always on.' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RestrictionModel)
  restrictions: RestrictionModel[];

  @Field(() => AdvanceOnEnum, { defaultValue: AdvanceOnEnum.CALENDAR })
  @IsEnum(AdvanceOnEnum)
  advanceOn: AdvanceOnEnum;
}

@InputType()
export class CreateScheduleInput {
  @Field(() => String)
  @IsString()
  @MaxLength(100)
  name: string;

  @Field(() => String, { description: 'IANA time zone, e.g. Europe/Berlin.' })
  @IsString()
  timeZone: string;

  @Field(() => [String], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(100)
  services: string[];

  @Field(() => [LayerModel])
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => LayerModel)
  layers: LayerModel[];
}

@InputType()
export class UpdateScheduleInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  timeZone?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  services?: string[];

  @Field(() => [LayerModel], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => LayerModel)
  layers?: LayerModel[];

  @Field(() => Date, { nullable: true, description: 'When the edit takes effect (default now); not before the current version\'s.' })
  @IsOptional()
  @IsDate()
  effectiveFrom?: Date;
}

@InputType()
export class ScheduleOverrideInput {
  @Field(() => String)
  @IsString()
  @MaxLength(200)
  user: string;

  @Field(() => Date)
  @IsDate()
  from: Date;

  @Field(() => Date)
  @IsDate()
  to: Date;
}

@ObjectType()
export class ScheduleOverride {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  user: string;

  @Field(() => Date)
  from: Date;

  @Field(() => Date)
  to: Date;

  @Field(() => String)
  createdBy: string;
}

@ObjectType({ description: 'One edit of the schedule, in effect from effectiveFrom until the next.' })
export class ScheduleVersion {
  @Field(() => Date)
  effectiveFrom: Date;

  @Field(() => String)
  timeZone: string;

  @Field(() => [LayerModel])
  layers: LayerModel[];

  @Field(() => String)
  createdBy: string;
}

@ObjectType({ description: 'An on-call schedule: layers of rotations in a time zone, overrides on top.' })
export class Schedule {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { description: 'The current version\'s zone.' })
  timeZone: string;

  @Field(() => [LayerModel], { description: 'The current version\'s layers.' })
  layers: LayerModel[];

  @Field(() => [String])
  services: string[];

  @Field(() => [ScheduleOverride], { description: 'Overrides not yet over.' })
  overrides: ScheduleOverride[];

  @Field(() => [ScheduleVersion], { description: 'Every edit, oldest first.' })
  history: ScheduleVersion[];
}

@ObjectType({ description: 'A stretch of someone on call.' })
export class OnCallShift {
  @Field(() => String)
  schedule: string;

  @Field(() => String)
  user: string;

  @Field(() => String, { description: 'The layer\'s name, or "override".' })
  layer: string;

  @Field(() => Date)
  from: Date;

  @Field(() => Date)
  to: Date;

  @Field(() => Boolean)
  isOverride: boolean;
}

@ObjectType()
export class ScheduleGap {
  @Field(() => Date)
  from: Date;

  @Field(() => Date)
  to: Date;
}

@ObjectType()
export class ScheduleWarningModel {
  @Field(() => Date)
  at: Date;

  @Field(() => String)
  message: string;
}

@ObjectType({ description: 'The final schedule over a period, and what had to be adjusted (hand-offs in DST gaps).' })
export class ScheduleShifts {
  @Field(() => [OnCallShift])
  shifts: OnCallShift[];

  @Field(() => [ScheduleWarningModel])
  warnings: ScheduleWarningModel[];
}
