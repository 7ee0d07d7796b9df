import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BuildRunEntity } from './build-run.entity';

/** A file a run produced, as its CI reported it (unique by name within the run). */
@Entity({ schema: 'builds', name: 'artifacts' })
@Index('artifacts_run_name', ['runId', 'name'], { unique: true })
export class ArtifactEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  runId: string;

  @ManyToOne(() => BuildRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: BuildRunEntity;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'bigint', nullable: true })
  sizeBytes: string | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  /** As reported, e.g. `sha256:…`. */
  @Column({ type: 'text', nullable: true })
  checksum: string | null;
}
