import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TestCaseEntity } from './test-case.entity';
import { TestUploadEntity } from './test-upload.entity';

/** One test's result in one upload, with what the flaky radar reads copied from the run (commit, branch). */
@Entity({ schema: 'builds', name: 'test_results' })
@Index('test_results_upload_test', ['uploadId', 'testId'], { unique: true })
@Index('test_results_test_time', ['testId', 'recordedAt'])
@Index('test_results_run', ['runId'])
export class TestResultEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  uploadId: string;

  @ManyToOne(() => TestUploadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'upload_id' })
  upload?: TestUploadEntity;

  @Column({ type: 'bigint' })
  testId: string;

  @ManyToOne(() => TestCaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'test_id' })
  test?: TestCaseEntity;

  @Column({ type: 'bigint' })
  runId: string;

  @Column({ type: 'text' })
  commitSha: string;

  /** The run was on the repository's default branch (or its default branch is not known). */
  @Column({ type: 'boolean' })
  onDefaultBranch: boolean;

  /** PASSED, FAILED, ERRORED or SKIPPED. */
  @Column({ type: 'text' })
  outcome: string;

  @Column({ type: 'double precision', nullable: true })
  durationSeconds: number | null;

  /** Passed and failed within the upload (a retry), or a Surefire flakyFailure / flakyError. */
  @Column({ type: 'boolean' })
  flaky: boolean;

  /** The upload was an infrastructure failure (most of its tests failed): not evidence of flakiness. */
  @Column({ type: 'boolean' })
  infraFailure: boolean;

  @Column({ type: 'text', nullable: true })
  message: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
