import { Field, Float, InputType, Int, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, Max, MaxLength, Min, registerDecorator, ValidateNested } from 'class-validator';
import { sliQueryProblem } from '../sli.rules';

/** A counter selector or a PromQL expression holding {{.window}} (see sli.rules.ts). */
function IsSliQuery(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isSliQuery',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && sliQueryProblem(value) === null,
        defaultMessage: (args) => `${args?.property} ${typeof args?.value === 'string' ? sliQueryProblem(args.value) : 'must be a string'}`,
      },
    });
}

@InputType({ description: 'An SLI measured by Prometheus: PromQL counters of bad and of all events.' })
export class SloSliInput {
  @Field(() => String, { description: 'Bad events: a counter selector (counted with increase over each window) or PromQL holding {{.window}}.' })
  @IsSliQuery()
  errorQuery: string;

  @Field(() => String, { description: 'All events, in the same form.' })
  @IsSliQuery()
  totalQuery: string;
}

@InputType()
export class CreateSloInput {
  @Field(() => String, { description: 'Unique; the slo_name label of the alerts that signal violations.' })
  @Matches(/^[a-z0-9][a-z0-9_.-]*$/, { message: 'name must be lower-case letters, digits, _ . - (starting with a letter or digit)' })
  @MaxLength(200)
  name: string;

  @Field(() => String)
  @IsString()
  @MaxLength(200)
  service: string;

  @Field(() => Float, { description: 'In percent, above 0 and below 100 (e.g. 99.9).' })
  @Min(0.001)
  @Max(99.9999)
  objective: number;

  @Field(() => Int, { description: '28 or 30.' })
  @IsIn([28, 30], { message: 'windowDays must be 28 or 30' })
  windowDays: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  description?: string;

  @Field(() => SloSliInput, { nullable: true, description: 'Measure the SLO from Prometheus; absent = the alert-time model (on update, null removes it).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SloSliInput)
  sli?: SloSliInput | null;
}

@InputType()
export class UpdateSloInput extends PartialType(CreateSloInput) {}
