import { ConnectionType } from '@companyos/platform';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ActionItemPriority, ActionItemStatus } from './action-item.enums';

@ObjectType({ description: 'Something a postmortem says will be done, tracked until it is.' })
export class ActionItem {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  postmortemId: string;

  @Field(() => ID)
  incidentId: string;

  @Field(() => String)
  description: string;

  @Field(() => String, { nullable: true })
  owner: string | null;

  @Field(() => String, { nullable: true, description: 'A calendar day (YYYY-MM-DD) in ACTION_ITEM_TIME_ZONE.' })
  dueDate: string | null;

  @Field(() => ActionItemPriority)
  priority: ActionItemPriority;

  @Field(() => ActionItemStatus)
  status: ActionItemStatus;

  @Field(() => String, { nullable: true, description: 'Why it is NOT_DOING or CANCELLED.' })
  statusReason: string | null;

  @Field(() => String, { nullable: true, description: 'The external ticket (Jira, GitHub issue, …).' })
  ticketUrl: string | null;

  @Field(() => Boolean, { description: 'Still to do and its due date has passed (in ACTION_ITEM_TIME_ZONE).' })
  overdue: boolean;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

export const ActionItemConnection = ConnectionType(ActionItem, 'ActionItem');
