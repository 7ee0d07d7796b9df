import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StageEntity } from './stage.entity';

/** One step of a stage, by its number. */
@Entity({ schema: 'builds', name: 'tasks' })
@Index('tasks_stage_number', ['stageId', 'number'], { unique: true })
export class TaskEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  stageId: string;

  @ManyToOne(() => StageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'stage_id' })
  stage?: StageEntity;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text', nullable: true })
  conclusion: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
