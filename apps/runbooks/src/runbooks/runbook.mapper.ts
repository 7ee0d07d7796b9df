import type { RunbookEntity } from './runbook.entity';
import type { Runbook } from './runbook.model';

export const toRunbook = (e: RunbookEntity): Runbook => ({
  id: e.id,
  path: e.path,
  version: e.version,
  title: e.title,
  category: e.category,
  estimatedDurationSeconds: e.estimatedDurationSeconds,
  services: e.services,
  alerts: e.alerts,
  owner: e.owner,
  tags: e.tags,
  url: e.url,
  steps: e.steps,
  retired: e.retiredAt !== null,
  retiredAt: e.retiredAt,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});
