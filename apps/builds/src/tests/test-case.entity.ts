import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A test of a repository, by identity: suite + classname + name. */
@Entity({ schema: 'builds', name: 'tests' })
@Index('tests_identity', ['repository', 'suite', 'classname', 'name'], { unique: true })
export class TestCaseEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  repository: string;

  @Column({ type: 'text' })
  suite: string;

  @Column({ type: 'text' })
  classname: string;

  @Column({ type: 'text' })
  name: string;
}
