import { Field, ID, InputType } from '@nestjs/graphql';
import { IsArray, IsBoolean, IsEnum, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, MaxLength } from 'class-validator';
import { ActionItemPriority, ActionItemStatus } from '../action-item.enums';

@InputType({ description: "The seed's action item: description, owner, dueDate (YYYY-MM-DD), plus priority and ticket." })
export class ActionItemInput {
  @Field(() => String)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  owner?: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD (or a timestamp with offset, read as its day in ACTION_ITEM_TIME_ZONE).' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  dueDate?: string;

  @Field(() => ActionItemPriority, { nullable: true })
  @IsOptional()
  @IsEnum(ActionItemPriority)
  priority?: ActionItemPriority;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2000)
  ticketUrl?: string;
}

@InputType()
export class UpdateActionItemInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  owner?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  dueDate?: string;

  @Field(() => ActionItemPriority, { nullable: true })
  @IsOptional()
  @IsEnum(ActionItemPriority)
  priority?: ActionItemPriority;

  @Field(() => ActionItemStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ActionItemStatus)
  status?: ActionItemStatus;

  @Field(() => String, { nullable: true, description: 'Required with NOT_DOING.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2000)
  ticketUrl?: string;
}

@InputType()
export class ActionItemsFilter {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  owner?: string;

  @Field(() => [ActionItemStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(ActionItemStatus, { each: true })
  status?: ActionItemStatus[];

  @Field(() => Boolean, { nullable: true, description: 'true: open and past due; false: everything else.' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  incidentId?: string;
}
