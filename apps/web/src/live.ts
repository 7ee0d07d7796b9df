/**
 * The live stream (GET /api/companyos/events) read with fetch, so the token
 * travels in the Authorization header and never in a URL. Reconnects after a
 * drop with the last id it holds (Last-Event-ID): nothing is missed.
 */
export interface LiveEvent {
  /** The stream's cursor. */
  seq: string;
  type: string;
  id: string;
  aggregateId: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'unauthorized';

interface Frame {
  id?: string;
  event: string;
  data: string;
}

/** Splits a text/event-stream buffer into complete frames and what is left over. */
export function parseFrames(buffer: string): { frames: Frame[]; rest: string } {
  const frames: Frame[] = [];
  const normalised = buffer.replace(/\r\n?/g, '\n');
  const blocks = normalised.split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    const frame: Frame = { event: 'message', data: '' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') frame.id = value;
      else if (field === 'event') frame.event = value;
      else if (field === 'data') data.push(value);
    }
    frame.data = data.join('\n');
    if (frame.id !== undefined || data.length) frames.push(frame);
  }
  return { frames, rest };
}

export function openLiveEvents(token: string, onEvent: (event: LiveEvent) => void, onStatus: (status: LiveStatus) => void): () => void {
  let stopped = false;
  let lastId: string | null = null;
  let controller: AbortController | null = null;
  let retryMs = 1_000;

  const run = async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
        if (lastId) headers['last-event-id'] = lastId;
        const response = await fetch('/api/companyos/events', { headers, signal: controller.signal, cache: 'no-store' });
        if (response.status === 401) {
          onStatus('unauthorized');
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          const { frames, rest } = parseFrames(buffer);
          buffer = rest;
          for (const frame of frames) {
            if (frame.id !== undefined) lastId = frame.id;
            if (frame.event === 'ready') {
              onStatus('live');
              retryMs = 1_000;
              continue;
            }
            if (frame.event === 'error' || !frame.data) continue;
            const envelope = JSON.parse(frame.data) as Omit<LiveEvent, 'seq'>;
            onEvent({ ...envelope, seq: frame.id ?? '' });
          }
        }
      } catch {
        if (stopped) return;
      }
      if (stopped) return;
      onStatus('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, retryMs));
      retryMs = Math.min(retryMs * 2, 15_000);
    }
  };
  onStatus('connecting');
  void run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
