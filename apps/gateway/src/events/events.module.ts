import { Module } from '@nestjs/common';
import { LiveEventLog } from './live-event-log';
import { LiveEventRetention } from './live-event-retention';
import { LiveEventWakeups } from './live-event-wakeups';
import { LiveEventsController } from './live-events.controller';
import { LiveEventsProcessor } from './live-events.processor';

/** The live stream: domain events relayed to the gateway, kept in an ordered log, streamed as server-sent events. */
@Module({
  controllers: [LiveEventsController],
  providers: [LiveEventLog, LiveEventWakeups, LiveEventsProcessor, LiveEventRetention],
})
export class EventsModule {}
