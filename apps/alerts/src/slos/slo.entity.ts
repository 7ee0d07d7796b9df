import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A service level objective, e.g. 99.9 % of the time over 30 days. */
@Entity({ schema: 'alerts', name: 'slos' })
export class SloEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Matches the `slo_name` label of the alerts that signal its violations. */
  @Column({ type: 'text', unique: true })
  name: string;

  @Column({ type: 'text' })
  service: string;

  /** As a ratio: 0.999 for 99.9 %. */
  @Column({ type: 'double precision' })
  objective: number;

  @Column({ type: 'integer' })
  windowDays: number;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** The SLI's bad events (PromQL); set together with sliTotalQuery, or neither (then the budget is alert time). */
  @Column({ type: 'text', nullable: true })
  sliErrorQuery: string | null;

  /** The SLI's events in all (PromQL). */
  @Column({ type: 'text', nullable: true })
  sliTotalQuery: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
