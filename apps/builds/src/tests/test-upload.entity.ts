import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BuildRunEntity } from '../runs/build-run.entity';

/** One JUnit report uploaded for a run (a run may have several); the same bytes twice are one upload. */
@Entity({ schema: 'builds', name: 'test_uploads' })
@Index('test_uploads_run_sha256', ['runId', 'sha256'], { unique: true })
export class TestUploadEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  runId: string;

  @ManyToOne(() => BuildRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: BuildRunEntity;

  /** Of the report's bytes. */
  @Column({ type: 'text' })
  sha256: string;

  @Column({ type: 'integer' })
  total: number;

  @Column({ type: 'integer' })
  passed: number;

  @Column({ type: 'integer' })
  failed: number;

  @Column({ type: 'integer' })
  errored: number;

  @Column({ type: 'integer' })
  skipped: number;

  /** Most of its tests failed: an infrastructure failure, left out of flakiness. */
  @Column({ type: 'boolean' })
  infraFailure: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;
}
