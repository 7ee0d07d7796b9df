import { Stack, waitFor } from '@companyos/testing';
import { randomBytes } from 'node:crypto';

interface Frame {
  id?: string;
  event: string;
  data: any;
}

/** A client of GET /api/companyos/events: reads frames as they come, can drop the connection. */
class EventStream {
  readonly frames: Frame[] = [];
  private readonly controller = new AbortController();
  private reading?: Promise<void>;

  private constructor(readonly response: Response) {}

  static async open(url: string, token: string | null, headers: Record<string, string> = {}): Promise<EventStream> {
    const controller = new AbortController();
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      signal: controller.signal,
    });
    const stream = new EventStream(response);
    (stream as any).controller = controller;
    if (response.ok) stream.reading = stream.read();
    return stream;
  }

  private async read() {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of this.response.body as any as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const frame: Frame = { event: 'message', data: undefined };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const [field, ...rest] = line.split(': ');
            if (field === 'id') frame.id = rest.join(': ');
            if (field === 'event') frame.event = rest.join(': ');
            if (field === 'data') frame.data = JSON.parse(rest.join(': '));
          }
          if (frame.id !== undefined || frame.data !== undefined) this.frames.push(frame);
        }
      }
    } catch {
      // aborted
    }
  }

  /** Domain events received (not the `ready` frame). */
  events(): Frame[] {
    return this.frames.filter((f) => f.event !== 'ready' && f.event !== 'error');
  }

  lastId(): string | undefined {
    return this.frames.at(-1)?.id;
  }

  async close() {
    (this as any).controller.abort();
    await this.reading;
  }
}

// The live stream through the whole platform: events leave each domain's outbox, reach the gateway's
// queue, land in its ordered log and come out of the SSE endpoint in order, resumable after a drop.
describe('GET /api/companyos/events', () => {
  let stack: Stack;
  let viewer: string;
  const streams: EventStream[] = [];
  const url = () => `${stack.gateway.url}/api/companyos/events`;
  const open = async (token: string | null, headers: Record<string, string> = {}, query = '') => {
    const stream = await EventStream.open(url() + query, token, headers);
    streams.push(stream);
    return stream;
  };
  const service = `pay-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    stack = await Stack.start();
    viewer = (await stack.tokenFor('viewer')).token;
    // Booting every app takes longer on a loaded machine than Jest's default hook time.
  }, 300_000);

  afterAll(async () => {
    await Promise.all(streams.map((s) => s.close()));
    await stack?.stop();
  });

  const mutation = async <T = any>(query: string, variables: Record<string, unknown>) => {
    const { data, errors } = await stack.graphql<T>(query, variables);
    if (errors) throw new Error(JSON.stringify(errors));
    return data!;
  };
  const declare = async (title: string) =>
    (await mutation<{ createIncident: { id: string } }>(`mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`, {
      input: { title, severity: 'SEV2', affectedServices: [service] },
    })).createIncident.id;

  it('answers 401 without a credential and 400 for a cursor that is not an event id', async () => {
    const anonymous = await fetch(url());
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: string }).error).toBe('UNAUTHENTICATED');
    const bad = await fetch(`${url()}?after=yesterday`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('after must be the decimal id');
  });

  it('streams incident and deployment events in order, and resumes after a drop with Last-Event-ID without loss or repeat', async () => {
    const first = await open(viewer);
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get('content-type')).toContain('text/event-stream');
    const ready = await waitFor('the ready frame', async () => first.frames.find((f) => f.event === 'ready'), 10_000, 50);
    expect(ready.data.types).toEqual(expect.arrayContaining(['incident.declared', 'alert.critical_fired', 'deployment.finished']));

    const incidentId = await declare(`${service} card payments failing`);
    await mutation(`mutation ($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: incidentId });
    await mutation(`mutation ($id: ID!) { resolveIncident(id: $id, input: { resolution: "rolled back" }) { id } }`, { id: incidentId });
    const live = await waitFor(
      'declared, acknowledged and resolved on the stream',
      async () => {
        const mine = first.events().filter((f) => f.data.aggregateId === incidentId);
        return mine.some((f) => f.event === 'incident.resolved') && mine;
      },
      30_000,
      100,
    );
    expect(live.map((f) => f.event)).toEqual(['incident.declared', 'incident.acknowledged', 'incident.resolved']);
    expect(live.map((f) => f.data.payload.version)).toEqual([1, 2, 3]);
    const ids = first.events().map((f) => BigInt(f.id!));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    // Drop the connection, let things happen, come back with the last id held.
    const cursor = first.lastId()!;
    await first.close();
    const missedIncident = await declare(`${service} refunds delayed`);
    const deployment = (await mutation<{ createDeployment: { id: string } }>(
      `mutation ($input: CreateDeploymentInput!) { createDeployment(input: $input) { id } }`,
      { input: { serviceName: service, version: '2.4.1', environment: 'PRODUCTION', deployedBy: 'e2e' } },
    )).createDeployment.id;
    await mutation(`mutation ($id: ID!) { markDeploymentSucceeded(id: $id) { id } }`, { id: deployment });
    // Both are in the log before the client returns.
    await waitFor('the missed events in the log', async () => (await stack.count(`SELECT 1 FROM ingest.live_events WHERE aggregate_id IN ('${missedIncident}', '${deployment}')`)) === 2, 30_000, 100);

    const resumed = await open(viewer, { 'last-event-id': cursor });
    const caughtUp = await waitFor('the missed events after resuming', async () => {
      const got = resumed.events();
      return got.some((f) => f.data.aggregateId === deployment) && got;
    }, 15_000, 50);
    expect(caughtUp.some((f) => f.id === cursor || BigInt(f.id!) <= BigInt(cursor))).toBe(false);
    expect(caughtUp.find((f) => f.data.aggregateId === missedIncident)?.event).toBe('incident.declared');
    expect(caughtUp.find((f) => f.data.aggregateId === deployment)).toMatchObject({ event: 'deployment.finished', data: { payload: { serviceName: service, status: 'SUCCEEDED' } } });
    // Exactly what the log holds after the cursor, in its order: nothing missed, nothing twice.
    const { rows } = await stack.db.query(`SELECT id::text FROM ingest.live_events WHERE id > $1 ORDER BY id`, [cursor]);
    expect(caughtUp.map((f) => f.id)).toEqual(rows.map((r: { id: string }) => r.id));

    // ?after= is the same cursor for clients that cannot set headers.
    const after = await open(viewer, {}, `?after=${cursor}`);
    await waitFor('the same events through ?after=', async () => after.events().length === caughtUp.length, 15_000, 50);
    expect(after.events().map((f) => f.id)).toEqual(caughtUp.map((f) => f.id));
    await Promise.all([resumed.close(), after.close()]);
  });

  it('sends only the event types the role may read, and never what it does not stream', async () => {
    // Every role may read incidents, alerts and deployments in this graph: the viewer's ready frame lists them all,
    // and the audit records (admin-only in the graph, also relayed as domain events) are never on the stream.
    const stream = await open(viewer, {}, '?after=0');
    await waitFor('the backlog', async () => stream.events().length > 0, 15_000, 50);
    const ready = stream.frames.find((f) => f.event === 'ready')!;
    expect(ready.data.types).toHaveLength(9);
    expect(stream.events().every((f) => ready.data.types.includes(f.event))).toBe(true);
    expect(stream.events().some((f) => f.event.startsWith('audit.'))).toBe(false);
    await stream.close();
  });

  it('holds at most 5 streams per credential open at once, and frees a slot on disconnect', async () => {
    const token = (await stack.tokenFor('viewer', 'e2e-streams')).token;
    const held = await Promise.all([1, 2, 3, 4, 5].map(() => open(token)));
    expect(held.map((s) => s.response.status)).toEqual([200, 200, 200, 200, 200]);
    const sixth = await fetch(url(), { headers: { authorization: `Bearer ${token}` } });
    expect(sixth.status).toBe(429);
    expect(((await sixth.json()) as { error: string }).error).toBe('TOO_MANY_STREAMS');
    await held[0].close();
    const again = await waitFor('a slot freed by the disconnect', async () => {
      const s = await open(token);
      if (s.response.status === 200) return s;
      return false;
    }, 10_000, 100);
    expect(again.response.status).toBe(200);
    await Promise.all([...held, again].map((s) => s.close()));
  });
});
