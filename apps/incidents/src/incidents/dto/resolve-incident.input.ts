import { Field, InputType } from '@nestjs/graphql';
import { IsDate, IsOptional, IsString, MaxLength } from 'class-validator';

@InputType()
export class ResolveIncidentInput {
  @Field(() => String, { nullable: true, description: 'What fixed it.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  resolution?: string;

  @Field({ nullable: true, description: 'When the impact ended; defaults to now.' })
  @IsOptional()
  @IsDate()
  resolvedAt?: Date;
}
