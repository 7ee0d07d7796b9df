import { changeLabel } from './format';
import { parseFrames } from './live';

describe('parseFrames (the dashboard’s text/event-stream reader)', () => {
  it('reads complete frames, keeps the incomplete tail, skips comments', () => {
    const { frames, rest } = parseFrames(': heartbeat\n\nid: 3\nevent: incident.declared\ndata: {"a":1}\n\nid: 4\nevent: alert');
    expect(frames).toEqual([{ id: '3', event: 'incident.declared', data: '{"a":1}' }]);
    expect(rest).toBe('id: 4\nevent: alert');
    const next = parseFrames(rest + '.critical_fired\ndata: {}\n\n');
    expect(next.frames).toEqual([{ id: '4', event: 'alert.critical_fired', data: '{}' }]);
    expect(next.rest).toBe('');
  });

  it('joins multi-line data and accepts CRLF', () => {
    expect(parseFrames('data: a\r\ndata: b\r\n\r\n').frames).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('keeps a frame that only moves the cursor (retry lines are ignored)', () => {
    expect(parseFrames('retry: 2000\n\nid: 9\nevent: ready\ndata: {}\n\n').frames).toEqual([{ id: '9', event: 'ready', data: '{}' }]);
  });
});

describe('changeLabel', () => {
  it('reads a relative change the way the tiles show it', () => {
    expect(changeLabel(0.12, 'last month')).toBe('↑ 12 % vs last month');
    expect(changeLabel(-0.345, 'last month')).toBe('↓ 35 % vs last month');
    expect(changeLabel(0.001, 'last month')).toBe('→ 0 % vs last month');
    expect(changeLabel(null, 'last month')).toBe('— vs last month');
  });
});
