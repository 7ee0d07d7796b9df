import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A stretch of time an SLO was violated: opened by a firing alert labelled
 * `slo_name`, closed by its resolution. Keyed by SLO name, so violations
 * recorded before the SLO is defined still count once it is.
 */
@Entity({ schema: 'alerts', name: 'slo_violations' })
@Index('slo_violations_by_slo', ['sloName', 'startedAt'])
export class SloViolationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  sloName: string;

  @Column({ type: 'text', nullable: true })
  service: string | null;

  /** The alert that signalled it; one violation per alert firing. */
  @Column({ type: 'uuid', unique: true })
  alertId: string;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
