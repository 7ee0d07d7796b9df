import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TimelineEntryKind } from './incident.enums';

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/** One recorded change of an incident: who did what, when. Append-only. */
@Entity({ schema: 'incidents', name: 'timeline_entries' })
@Index('timeline_entries_incident', ['incidentId', 'seq'])
export class TimelineEntryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq: string;

  @Column({ type: 'uuid' })
  incidentId: string;

  @Column({ type: 'enum', enum: TimelineEntryKind, enumName: 'timeline_entry_kind' })
  kind: TimelineEntryKind;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  changes: FieldChanges;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
