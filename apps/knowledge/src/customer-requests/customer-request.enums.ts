import { registerEnumType } from '@nestjs/graphql';

export enum CustomerRequestType {
  DEMO = 'DEMO',
  FEATURE = 'FEATURE',
}

export enum CustomerRequestStatus {
  OPEN = 'OPEN',
  UNDER_REVIEW = 'UNDER_REVIEW',
  PLANNED = 'PLANNED',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  DECLINED = 'DECLINED',
}

registerEnumType(CustomerRequestType, { name: 'CustomerRequestType' });
registerEnumType(CustomerRequestStatus, { name: 'CustomerRequestStatus' });
