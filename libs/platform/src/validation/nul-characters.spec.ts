import { nulCharacterPath } from './nul-characters';

describe('nulCharacterPath', () => {
  it('finds a NUL in a nested string, naming its path', () => {
    expect(nulCharacterPath({ alerts: [{ labels: { a: 'x' } }, { annotations: { summary: 'disk\u0000full' } }] })).toBe('alerts.1.annotations.summary');
    expect(nulCharacterPath('a\u0000', 'title')).toBe('title');
    expect(nulCharacterPath('\u0000')).toBe('(root)');
  });

  it('finds a NUL in a key', () => {
    expect(nulCharacterPath({ labels: { 'bad\u0000key': 'v' } })).toBe('labels.bad\\u0000key');
  });

  it('reports the first one in document order, and null when there is none', () => {
    expect(nulCharacterPath({ a: ['ok', '\u0000'], b: '\u0000' })).toBe('a.1');
    expect(nulCharacterPath({ a: [1, true, null, 'ok', { b: 'Łukasz 田中' }] })).toBeNull();
  });

  it('walks a document nested far deeper than the call stack would allow', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nulCharacterPath(deep)).toBe(Array(100_000).fill('0').join('.'));
  });
});
