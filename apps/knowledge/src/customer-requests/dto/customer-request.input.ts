import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CustomerRequestStatus, CustomerRequestType } from '../customer-request.enums';

@InputType()
export class CreateCustomerRequestInput {
  @Field(() => CustomerRequestType)
  @IsEnum(CustomerRequestType)
  type: CustomerRequestType;

  @Field(() => String)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  customer: string;

  @Field(() => String, { nullable: true, description: 'Who asked (default: the caller).' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  requester?: string;

  @Field(() => String)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  description?: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  requestedFor?: string;

  @Field(() => [ID], { nullable: true, description: 'Roadmap items (ids or backlog keys) that would answer it.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  roadmapItemIds?: string[];
}

@InputType()
export class UpdateCustomerRequestInput {
  @Field(() => CustomerRequestStatus, { nullable: true })
  @IsOptional()
  @IsEnum(CustomerRequestStatus)
  status?: CustomerRequestStatus;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  description?: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; "" clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  requestedFor?: string;

  @Field(() => [ID], { nullable: true, description: 'Replaces the set of roadmap items.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  roadmapItemIds?: string[];
}

@InputType()
export class CustomerRequestsFilter {
  @Field(() => CustomerRequestType, { nullable: true })
  @IsOptional()
  @IsEnum(CustomerRequestType)
  type?: CustomerRequestType;

  @Field(() => [CustomerRequestStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(CustomerRequestStatus, { each: true })
  status?: CustomerRequestStatus[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  customer?: string;
}
