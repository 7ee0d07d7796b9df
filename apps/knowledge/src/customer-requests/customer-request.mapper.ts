import type { CustomerRequestEntity } from './customer-request.entity';
import type { CustomerRequest } from './customer-request.model';

export const toCustomerRequest = (e: CustomerRequestEntity): CustomerRequest => ({
  id: e.id,
  type: e.type,
  customer: e.customer,
  requester: e.requester,
  title: e.title,
  description: e.description,
  status: e.status,
  votes: e.votes,
  requestedFor: e.requestedFor,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});
