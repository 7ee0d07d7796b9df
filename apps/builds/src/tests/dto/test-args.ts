import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsDate, IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { TestState } from '../flaky.rules';

@ArgsType()
export class UploadTestResultsArgs {
  @Field(() => ID)
  @IsString()
  buildRunId: string;

  @Field(() => String, { description: 'The JUnit XML report, as the test tool wrote it (up to TEST_REPORT_MAX_BYTES).' })
  @IsString()
  report: string;
}

@ArgsType()
export class FlakyTestsArgs {
  @Field(() => String, { description: '`owner/name`.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  repository: string;

  @Field(() => Int, { defaultValue: 20, description: 'How many (1–200), top offenders first.' })
  @IsInt()
  @Min(1)
  @Max(200)
  first: number = 20;

  @Field(() => Int, { defaultValue: 14, description: 'The window: results of the last this many days (1–90).' })
  @IsInt()
  @Min(1)
  @Max(90)
  days: number = 14;

  @Field(() => [TestState], { defaultValue: [TestState.FLAKY], description: 'Which states to list (default FLAKY).' })
  @IsArray()
  @ArrayMaxSize(3)
  @IsEnum(TestState, { each: true })
  states: TestState[] = [TestState.FLAKY];
}

@ArgsType()
export class QuarantineTestArgs {
  @Field(() => ID)
  @IsString()
  testId: string;

  @Field(() => String, { description: 'Who owns fixing it.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  owner: string;

  @Field(() => Date, { description: 'When the quarantine expires (in the future, at most 366 days ahead).' })
  @IsDate()
  until: Date;

  @Field(() => String)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

@ArgsType()
export class RunTestResultsArgs {
  @Field(() => Int, { defaultValue: 100, description: 'How many (1–1000), failures first.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  first: number = 100;
}
