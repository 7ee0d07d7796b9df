import { Field, Float, InputType, Int, PartialType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

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
}

@InputType()
export class UpdateSloInput extends PartialType(CreateSloInput) {}
