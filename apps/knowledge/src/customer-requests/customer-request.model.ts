import { ConnectionType } from '@companyos/platform';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CustomerRequestStatus, CustomerRequestType } from './customer-request.enums';

@ObjectType({ description: "A customer's request for a demo or a feature." })
export class CustomerRequest {
  @Field(() => ID)
  id: string;

  @Field(() => CustomerRequestType)
  type: CustomerRequestType;

  @Field(() => String)
  customer: string;

  @Field(() => String)
  requester: string;

  @Field(() => String)
  title: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => CustomerRequestStatus)
  status: CustomerRequestStatus;

  @Field(() => Int, { description: 'Distinct people who asked for it.' })
  votes: number;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  requestedFor: string | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

export const CustomerRequestConnection = ConnectionType(CustomerRequest, 'CustomerRequest');
