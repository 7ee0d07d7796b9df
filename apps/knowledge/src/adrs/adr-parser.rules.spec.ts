import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdrStatus } from './adr.enums';
import { resolveAdrLinks } from './adr-links.rules';
import { adrFileName, AdrParseError, parseAdr, ParsedAdr, statusOf } from './adr-parser.rules';

const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures', 'adr');
const parseFixture = (path: string) => parseAdr(path, readFileSync(join(FIXTURES, path), 'utf8'));

describe('ADR file names', () => {
  it.each([
    ['0001-record-architecture-decisions.md', { skip: false, number: 1, date: null }],
    ['docs/adr/ADR-0042-use-kafka.md', { skip: false, number: 42, date: null }],
    ['adr_7_thing.md', { skip: false, number: 7, date: null }],
    ['20200925-use-log4brains.md', { skip: false, number: null, date: '2020-09-25' }],
    ['2021-01-15-drop-the-monolith.md', { skip: false, number: null, date: '2021-01-15' }],
    ['use-kafka.md', { skip: false, number: null, date: null }],
  ])('%s', (path, expected) => expect(adrFileName(path)).toEqual(expected));

  it.each([
    'README.md',
    'adr/template.md',
    'adr-template.md',
    'index.md',
    'notes.txt',
    'madr-template.md',
    // MADR 3 / 4's other templates, and adr-tools' templates folder.
    'docs/decisions/adr-template-minimal.md',
    'adr-template-bare.md',
    'adr-template-bare-minimal.md',
    'doc/adr/templates/decision.md',
  ])('skips %s', (path) => {
    expect(adrFileName(path)).toMatchObject({ skip: true });
  });

  it('reads a numbered ADR about templates as an ADR', () => {
    expect(adrFileName('0012-template-engine.md')).toEqual({ skip: false, number: 12, date: null });
    expect(adrFileName('2024-03-01-templates-for-emails.md')).toEqual({ skip: false, number: null, date: '2024-03-01' });
  });

  it('does not read an impossible date as a date', () => {
    expect(adrFileName('20201345-thing.md')).toEqual({ skip: false, number: null, date: null });
  });
});

describe('status words', () => {
  it.each([
    ['Accepted', AdrStatus.ACCEPTED],
    ['accepted ✅', AdrStatus.ACCEPTED],
    ['**Approved**', AdrStatus.ACCEPTED],
    ['Acepted', AdrStatus.ACCEPTED],
    ['Draft', AdrStatus.PROPOSED],
    ['superceded by [3. x](0003-x.md)', AdrStatus.SUPERSEDED],
    ['Deprecated', AdrStatus.DEPRECATED],
    ['REJECTED', AdrStatus.REJECTED],
  ])('%s → %s', (text, status) => expect(statusOf(text)).toBe(status));

  it('knows no status in other words', () => expect(statusOf('Maybe later')).toBeNull());
});

describe('parseAdr on the fixture formats', () => {
  it('MADR 2: `* Status:` bullets, deciders and date', () => {
    expect(parseFixture('madr2/0001-use-markdown-architectural-decision-records.md')).toMatchObject({
      number: 1,
      title: 'Use Markdown Architectural Decision Records',
      status: AdrStatus.ACCEPTED,
      date: '2017-12-13',
      deciders: ['Oliver Kopp', 'Olaf Zimmermann'],
      warnings: [],
    });
  });

  it('MADR 2: "superseded by [ADR-0005](0005-use-assertj.md)" is SUPERSEDED with the link resolved beside the file', () => {
    expect(parseFixture('madr2/0002-use-plain-junit5.md')).toMatchObject({
      status: AdrStatus.SUPERSEDED,
      supersededBy: [{ path: 'madr2/0005-use-assertj.md' }],
    });
  });

  it('MADR 3: YAML front matter with status, date and a deciders list', () => {
    expect(parseFixture('madr3/0003-use-postgres.md')).toMatchObject({
      number: 3,
      title: 'Use PostgreSQL for operational data',
      status: AdrStatus.ACCEPTED,
      date: '2022-05-03',
      deciders: ['Alice Example', 'Bob Example'],
    });
    expect(parseFixture('madr3/0004-use-redis-streams.md')).toMatchObject({ status: AdrStatus.REJECTED, deciders: ['Alice Example', 'Bob Example'] });
  });

  it('MADR 4: decision-makers', () => {
    expect(parseFixture('madr4/0007-one-schema-per-domain.md')).toMatchObject({
      number: 7,
      status: AdrStatus.PROPOSED,
      date: '2024-03-18',
      deciders: ['Dana Example', 'Eve Example'],
    });
  });

  it('Nygard / adr-tools: "# N. Title", Date: line, ## Status section', () => {
    expect(parseFixture('nygard/0001-record-architecture-decisions.md')).toMatchObject({
      number: 1,
      title: 'Record architecture decisions',
      status: AdrStatus.ACCEPTED,
      date: '2016-02-12',
    });
  });

  it('adr-tools links: "Superceded by", "Supercedes" and "Amends" (misspelt as adr-tools writes them)', () => {
    expect(parseFixture('nygard/0002-use-mongodb.md')).toMatchObject({
      status: AdrStatus.SUPERSEDED,
      supersededBy: [{ path: 'nygard/0003-use-postgresql.md' }],
    });
    expect(parseFixture('nygard/0003-use-postgresql.md')).toMatchObject({
      status: AdrStatus.ACCEPTED,
      supersedes: [{ path: 'nygard/0002-use-mongodb.md' }],
      amends: [{ path: 'nygard/0001-record-architecture-decisions.md' }],
    });
  });

  it('a misspelt status is read as the status it is closest to', () => {
    expect(parseFixture('nygard/0003-use-postgresql-replicas.md')).toMatchObject({ number: 3, status: AdrStatus.ACCEPTED });
  });

  it('log4brains: `- Status:` bullets before the first ##, the date from the file name when none is written', () => {
    expect(parseFixture('log4brains/20200925-use-log4brains.md')).toMatchObject({
      number: null,
      title: 'Use Log4brains to manage the ADRs',
      status: AdrStatus.ACCEPTED,
      date: '2020-09-25',
    });
    expect(parseFixture('log4brains/2021-01-15-drop-the-monolith.md')).toMatchObject({ status: AdrStatus.DEPRECATED, date: '2021-01-15', deciders: ['Frank'] });
  });

  it('bold **Status:** lines, and "# ADR-0010: Title" headings', () => {
    expect(parseFixture('bold/ADR-0010-api-tokens.md')).toMatchObject({
      number: 10,
      title: 'API tokens hashed with SHA-256',
      status: AdrStatus.ACCEPTED,
      date: '2025-11-02',
      deciders: ['Security guild'],
    });
    expect(parseFixture('bold/ADR-0011-no-cookies.md')).toMatchObject({ number: 11, status: AdrStatus.PROPOSED });
  });

  it('no status at all: PROPOSED, with a warning', () => {
    expect(parseAdr('0009-x.md', '# 9. Something\n\n## Context\n\nx\n')).toMatchObject({ status: AdrStatus.PROPOSED, warnings: ['no status written: PROPOSED assumed'] });
  });

  it.each([
    ['broken/0001-unclosed-front-matter.md', /front matter is not closed/],
    ['broken/0002-bad-yaml.md', /front matter is not valid YAML/],
    ['broken/0003-unknown-status.md', /status "Maybe later" is not one of/],
    ['broken/0004-no-title.md', /no title/],
    ['broken/0005-nul-byte.md', /contains NUL bytes/],
  ])('refuses %s naming what is wrong', (path, message) => {
    expect(() => parseFixture(path)).toThrow(AdrParseError);
    expect(() => parseFixture(path)).toThrow(message);
  });
});

describe('resolveAdrLinks', () => {
  const adr = (path: string, number: number | null, extra: Partial<ParsedAdr> = {}): ParsedAdr => ({
    path,
    number,
    title: path,
    status: AdrStatus.ACCEPTED,
    statusText: null,
    date: null,
    deciders: [],
    supersedes: [],
    supersededBy: [],
    amends: [],
    warnings: [],
    ...extra,
  });

  it('links both ways whichever side wrote it', () => {
    const { links } = resolveAdrLinks([
      adr('a/0001-x.md', 1, { supersededBy: [{ path: 'a/0002-y.md' }] }),
      adr('a/0002-y.md', 2),
      adr('a/0003-z.md', 3, { supersedes: [{ number: 2 }] }),
    ]);
    expect(links.get('a/0001-x.md')).toEqual({ supersedesPaths: [], supersededByPaths: ['a/0002-y.md'], amendsPaths: [] });
    expect(links.get('a/0002-y.md')).toEqual({ supersedesPaths: ['a/0001-x.md'], supersededByPaths: ['a/0003-z.md'], amendsPaths: [] });
    expect(links.get('a/0003-z.md')?.supersedesPaths).toEqual(['a/0002-y.md']);
  });

  it('a bare number prefers the same folder; duplicates elsewhere are ambiguous, missing targets are warned about', () => {
    const { links, warnings } = resolveAdrLinks([
      adr('a/0003-x.md', 3),
      adr('b/0003-y.md', 3),
      adr('b/0004-z.md', 4, { supersedes: [{ number: 3 }], amends: [{ path: 'b/0099-gone.md' }] }),
      adr('c/0005-w.md', 5, { supersedes: [{ number: 3 }] }),
    ]);
    expect(links.get('b/0004-z.md')?.supersedesPaths).toEqual(['b/0003-y.md']);
    expect(links.get('c/0005-w.md')?.supersedesPaths).toEqual([]);
    expect(warnings).toEqual([
      { path: 'b/0004-z.md', message: 'links to b/0099-gone.md, which is not an ADR here' },
      { path: 'c/0005-w.md', message: 'ADR number 3 is ambiguous (a/0003-x.md, b/0003-y.md)' },
    ]);
  });
});
