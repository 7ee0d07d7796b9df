import type { AdrEntity } from './adr.entity';
import type { Adr } from './adr.model';

export const toAdr = (e: AdrEntity): Adr => ({
  id: e.id,
  path: e.path,
  adrNumber: e.number,
  title: e.title,
  status: e.status,
  statusText: e.statusText,
  date: e.date,
  deciders: e.deciders,
  removedAt: e.removedAt,
  supersedesPaths: e.supersedesPaths,
  supersededByPaths: e.supersededByPaths,
  amendsPaths: e.amendsPaths,
});
