import { parseBacklog } from './backlog.rules';

describe('parseBacklog', () => {
  const backlog = {
    version: '1.2',
    generated_by: 'a tool the seed authors use', // unknown keys are ignored
    epics: [
      {
        id: 'E-001',
        title: 'Incident management',
        priority: 'P0',
        stories: [
          { id: 'S-001', title: 'Declare incidents', owner: 'alice', depends_on: [], acceptance_criteria: ['REST and GraphQL'], points: 3 },
          { id: 'S-002', title: 'Resolve incidents', depends_on: 'S-001' },
        ],
      },
      { id: 'E-002', title: 'Roadmap' },
    ],
  };

  it('reads the seed authors’ shape, ignoring unknown keys and defaulting missing lists', () => {
    expect(parseBacklog(JSON.stringify(backlog))).toEqual({
      version: '1.2',
      epics: [
        {
          id: 'E-001',
          title: 'Incident management',
          priority: 'P0',
          stories: [
            { id: 'S-001', title: 'Declare incidents', owner: 'alice', depends_on: [], acceptance_criteria: ['REST and GraphQL'] },
            { id: 'S-002', title: 'Resolve incidents', depends_on: ['S-001'], acceptance_criteria: [] },
          ],
        },
        { id: 'E-002', title: 'Roadmap', stories: [] },
      ],
    });
  });

  it('refuses a file that is not JSON, saying so', () => {
    expect(() => parseBacklog('{"epics": [', 'backlog.json')).toThrow(/^backlog.json is not JSON: /);
  });

  it('names the field that is wrong', () => {
    const bad = { epics: [{ id: 'E-1', title: 'ok', stories: [{ id: 'S-1' }] }] };
    expect(() => parseBacklog(JSON.stringify(bad))).toThrow('backlog.json: epics.0.stories.0.title: Required');
    expect(() => parseBacklog('{"version": "1"}')).toThrow('backlog.json: epics: Required');
  });

  it('refuses a NUL character (PostgreSQL text cannot hold one) naming the field', () => {
    const nul = { epics: [{ id: 'E-1', title: 'ok', stories: [{ id: 'S-1', title: 'a\u0000b' }] }] };
    expect(() => parseBacklog(JSON.stringify(nul))).toThrow('backlog.json: epics.0.stories.0.title: contains a NUL character');
    const inList = { epics: [{ id: 'E-1', title: 'ok', stories: [{ id: 'S-1', title: 'b', acceptance_criteria: ['fine', '\u0000'] }] }] };
    expect(() => parseBacklog(JSON.stringify(inList))).toThrow('epics.0.stories.0.acceptance_criteria');
  });

  it('refuses an id used twice', () => {
    const twice = { epics: [{ id: 'E-1', title: 'a', stories: [{ id: 'E-1', title: 'b' }] }] };
    expect(() => parseBacklog(JSON.stringify(twice))).toThrow('backlog.json: epics.0.stories.0.id: id "E-1" appears twice');
  });
});
