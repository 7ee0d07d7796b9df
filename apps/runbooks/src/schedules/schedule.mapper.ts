import type { ScheduleEntity, ScheduleOverrideEntity, ScheduleVersionEntity, StoredLayer } from './schedule.entity';
import type { LayerModel, Schedule, ScheduleOverride, ScheduleVersion } from './schedule.model';

const toLayer = (layer: StoredLayer): LayerModel => ({ ...layer, rotation: { ...layer.rotation, startsAt: new Date(layer.rotation.startsAt) } }) as LayerModel;

export const toScheduleVersion = (v: ScheduleVersionEntity): ScheduleVersion => ({
  effectiveFrom: v.effectiveFrom,
  timeZone: v.timeZone,
  layers: v.layers.map(toLayer),
  createdBy: v.createdBy,
});

export const toScheduleOverride = (o: ScheduleOverrideEntity): ScheduleOverride => ({ id: o.id, user: o.user, from: o.startsAt, to: o.endsAt, createdBy: o.createdBy });

/** The schedule with its current version (the latest in effect now, else the earliest still to come). */
export function toSchedule(s: ScheduleEntity, versions: ScheduleVersionEntity[], overrides: ScheduleOverrideEntity[], now = new Date()): Schedule {
  const current = [...versions].reverse().find((v) => v.effectiveFrom <= now) ?? versions[0];
  return {
    id: s.id,
    name: s.name,
    timeZone: current.timeZone,
    layers: current.layers.map(toLayer),
    services: s.services,
    overrides: overrides.map(toScheduleOverride),
    history: versions.map(toScheduleVersion),
  };
}
