import { DomainError } from '@companyos/platform';
import { IncidentError } from './incident.errors';
import { IncidentStatus } from './incident.enums';

/** The part of an incident its lifecycle rules read and write. */
export interface LifecycleState {
  status: IncidentStatus;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

export type LifecycleCommand =
  | { type: 'acknowledge'; at: Date }
  | { type: 'setStatus'; status: IncidentStatus; at: Date }
  | { type: 'resolve'; at: Date }
  | { type: 'reopen' };

/**
 * The incident state machine. An incident starts OPEN; acknowledging it (or
 * moving it on) starts the investigation; any active status may follow any
 * other except OPEN; RESOLVED is reached only by resolving, and left only by
 * reopening. Returns the new state or throws a DomainError naming the rule.
 */
export function transition(id: string, state: LifecycleState, command: LifecycleCommand): LifecycleState {
  const resolved = state.status === IncidentStatus.RESOLVED;
  switch (command.type) {
    case 'acknowledge':
      if (resolved) throw new DomainError(IncidentError.AlreadyResolved, `incident ${id} is resolved`);
      if (state.acknowledgedAt) {
        throw new DomainError(IncidentError.AlreadyAcknowledged, `incident ${id} was already acknowledged`);
      }
      return { ...state, status: IncidentStatus.INVESTIGATING, acknowledgedAt: command.at };
    case 'setStatus':
      if (command.status === state.status) return state;
      if (resolved) {
        throw new DomainError(IncidentError.AlreadyResolved, `incident ${id} is resolved; reopen it to change its status`);
      }
      if (command.status === IncidentStatus.RESOLVED) {
        throw new DomainError(IncidentError.InvalidTransition, `use resolveIncident to resolve incident ${id}`);
      }
      if (command.status === IncidentStatus.OPEN) {
        throw new DomainError(IncidentError.InvalidTransition, `incident ${id} cannot go back to OPEN`);
      }
      return { ...state, status: command.status, acknowledgedAt: state.acknowledgedAt ?? command.at };
    case 'resolve':
      if (resolved) throw new DomainError(IncidentError.AlreadyResolved, `incident ${id} is already resolved`);
      return { ...state, status: IncidentStatus.RESOLVED, resolvedAt: command.at };
    case 'reopen':
      if (!resolved) throw new DomainError(IncidentError.NotResolved, `incident ${id} is not resolved`);
      return {
        ...state,
        status: state.acknowledgedAt ? IncidentStatus.INVESTIGATING : IncidentStatus.OPEN,
        resolvedAt: null,
      };
  }
}

/** The fields that differ between two versions of a record, for the timeline. */
export function diffFields<T extends object>(
  before: T,
  after: Partial<T>,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    const from = before[key];
    const to = after[key];
    if (to === undefined) continue;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key as string] = { from, to };
  }
  return changes;
}
