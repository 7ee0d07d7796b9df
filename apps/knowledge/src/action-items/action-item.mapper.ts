import type { ActionItemEntity } from './action-item.entity';
import type { ActionItem } from './action-item.model';
import { isOverdue } from './action-item.rules';

export const toActionItem = (e: ActionItemEntity, zone: string, now = new Date()): ActionItem => ({
  id: e.id,
  postmortemId: e.postmortemId,
  incidentId: e.incidentId,
  description: e.description,
  owner: e.owner,
  dueDate: e.dueDate,
  priority: e.priority,
  status: e.status,
  statusReason: e.statusReason,
  ticketUrl: e.ticketUrl,
  overdue: isOverdue(e, zone, now),
  closedAt: e.closedAt,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});
