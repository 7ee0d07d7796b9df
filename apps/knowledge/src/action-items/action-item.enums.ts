import { registerEnumType } from '@nestjs/graphql';

export enum ActionItemStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  NOT_DOING = 'NOT_DOING',
  CANCELLED = 'CANCELLED',
}

export enum ActionItemPriority {
  P1 = 'P1',
  P2 = 'P2',
  P3 = 'P3',
  P4 = 'P4',
}

registerEnumType(ActionItemStatus, {
  name: 'ActionItemStatus',
  description: 'OPEN and IN_PROGRESS are still to do; DONE, NOT_DOING (a reason required) and CANCELLED are closed.',
});
registerEnumType(ActionItemPriority, { name: 'ActionItemPriority', description: 'P1 most urgent … P4 least.' });
