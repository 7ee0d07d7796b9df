import { DomainEvent, QueueWorkers, Queues } from '@companyos/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { LiveEventLog } from './live-event-log';
import { isStreamed } from './live-events.rules';

/** Appends the domain events relayed to `gateway.events` to the live event log (a redelivery is a no-op). */
@Injectable()
export class LiveEventsProcessor implements OnModuleInit {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly log: LiveEventLog,
  ) {}

  onModuleInit() {
    this.workers.consume<DomainEvent>(Queues.GatewayEvents, async (job) => {
      if (!isStreamed(job.data.type)) return;
      await this.log.append(job.data);
    });
  }
}
