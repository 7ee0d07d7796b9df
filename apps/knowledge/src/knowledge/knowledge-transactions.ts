import { inUnitOfWork, OutboxRelay, UnitOfWork } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KnowledgeOutboxEntity } from './knowledge-messaging.entities';

/** The knowledge domain's unit of work: one transaction, its events written to the knowledge outbox. */
@Injectable()
export class KnowledgeTransactions {
  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return (await inUnitOfWork(this.dataSource, KnowledgeOutboxEntity, this.relay, work)).result;
  }
}
