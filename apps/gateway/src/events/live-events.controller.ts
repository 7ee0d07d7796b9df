import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { roleMapOf, RoleMap } from '../auth/access-policy';
import { sendRefusal } from '../auth/http-refusal';
import { loadSupergraph } from '../graphql/supergraph';
import { LiveEventLog } from './live-event-log';
import { LiveEventWakeups } from './live-event-wakeups';
import { CursorError, parseCursor, SSE_HEARTBEAT, sseFrame, sseRetry, typesVisibleTo } from './live-events.rules';
import { StreamSlots } from './stream-slots';

/** Streams one principal may hold open on one gateway. */
export const STREAMS_PER_PRINCIPAL = 5;
/** Events read per query while catching up. */
const BATCH = 500;
const HEARTBEAT_MS = 15_000;
/** Poll fallback: how often a stream looks for new events without a wake-up (more often while LISTEN is down). */
const POLL_MS = 5_000;
const POLL_UNLISTENED_MS = 1_000;
/**
 * A stream ends after this long and the client reconnects with its cursor:
 * its credential is checked again (a revoked token stops receiving within it).
 */
const MAX_STREAM_MS = 15 * 60_000;
const CLIENT_RETRY_MS = 2_000;

/**
 * `GET /api/companyos/events`: the live stream of domain events as
 * server-sent events, authenticated like the rest of the REST facade, only
 * the event types the caller's role may read. Resumes after `Last-Event-ID`
 * (or `?after=`); without one it starts at the newest event and says so in a
 * first `ready` event whose id is that cursor.
 */
@Controller('api/companyos/events')
export class LiveEventsController {
  private readonly roles: RoleMap = roleMapOf(loadSupergraph());
  readonly slots = new StreamSlots(STREAMS_PER_PRINCIPAL);

  constructor(
    private readonly log: LiveEventLog,
    private readonly wakeups: LiveEventWakeups,
  ) {}

  @Get()
  async stream(@Req() req: Request, @Res() res: Response, @Headers('last-event-id') lastEventId?: string, @Query('after') after?: string) {
    const principal = req.principal!;
    let cursor: string | null;
    try {
      cursor = parseCursor(lastEventId, typeof after === 'string' ? after : undefined);
    } catch (error) {
      if (error instanceof CursorError) return sendRefusal(req, res, 400, 'BAD_CURSOR', error.message);
      throw error;
    }
    if (!this.slots.take(principal.id)) {
      return sendRefusal(req, res, 429, 'TOO_MANY_STREAMS', `at most ${STREAMS_PER_PRINCIPAL} event streams per credential may be open at once`);
    }
    const types = typesVisibleTo(principal.role, this.roles);
    let closed = false;
    const timers: NodeJS.Timeout[] = [];
    let unsubscribe = () => {};
    const close = () => {
      if (closed) return;
      closed = true;
      timers.forEach((timer) => clearTimeout(timer));
      unsubscribe();
      this.slots.release(principal.id);
      if (!res.writableEnded) res.end();
    };
    // The response's close is the client going away (the request's may come as soon as its empty body is read).
    res.on('close', close);
    res.on('error', close);

    try {
      const start = cursor ?? (await this.log.newest());
      res.status(200);
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('Cache-Control', 'no-cache, no-transform');
      res.setHeader('X-Accel-Buffering', 'no');
      res.flushHeaders();
      res.socket?.setNoDelay(true);
      let position = start;
      await write(res, sseRetry(CLIENT_RETRY_MS) + `id: ${start}\nevent: ready\ndata: ${JSON.stringify({ cursor: start, types })}\n\n`);

      let pumping = false;
      let again = false;
      const pump = async () => {
        if (pumping) return void (again = true);
        pumping = true;
        try {
          do {
            again = false;
            for (;;) {
              if (closed) return;
              const events = await this.log.after(position, types, BATCH);
              for (const event of events) {
                if (closed) return;
                await write(res, sseFrame(event));
                position = event.id;
              }
              if (events.length < BATCH) break;
            }
          } while (again && !closed);
        } catch (error) {
          // A database hiccup ends the stream; the client resumes from its last id.
          if (!closed) res.write(`event: error\ndata: ${JSON.stringify({ message: 'the event log could not be read; reconnect to resume' })}\n\n`);
          close();
          void error;
        } finally {
          pumping = false;
        }
      };
      unsubscribe = this.wakeups.subscribe(() => void pump());
      const poll = () => {
        if (closed) return;
        void pump();
        timers[0] = setTimeout(poll, this.wakeups.listening ? POLL_MS : POLL_UNLISTENED_MS);
      };
      const heartbeat = () => {
        if (closed) return;
        if (!pumping) res.write(SSE_HEARTBEAT);
        timers[1] = setTimeout(heartbeat, HEARTBEAT_MS);
      };
      poll();
      timers[1] = setTimeout(heartbeat, HEARTBEAT_MS);
      timers[2] = setTimeout(close, MAX_STREAM_MS);
    } catch (error) {
      close();
      if (!res.headersSent) throw error;
    }
  }
}

/** Writes a chunk, waiting for the socket to drain when the client reads slower than events come. */
function write(res: Response, chunk: string): Promise<void> {
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
