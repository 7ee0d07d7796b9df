import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JUnitReportError, mergeByIdentity, parseJUnit, parseTime, TestCaseResult } from './junit.rules';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const find = (results: TestCaseResult[], name: string, suite?: string) => results.find((r) => r.name === name && (suite === undefined || r.suite === suite))!;

describe('parseJUnit on what real tools write', () => {
  it('Maven Surefire: flakyFailure passes but is flaky, rerunFailure stays a failure, time with thousands separators', () => {
    const results = parseJUnit(fixture('surefire.xml'));
    expect(results).toHaveLength(4);
    expect(find(results, 'addsItem')).toMatchObject({ suite: 'com.example.CartTest', classname: 'com.example.CartTest', outcome: 'PASSED', flaky: false, durationSeconds: 0.012 });
    expect(find(results, 'appliesDiscount')).toMatchObject({ outcome: 'PASSED', flaky: true, durationSeconds: 1002.5 });
    expect(find(results, 'checksOut')).toMatchObject({ outcome: 'FAILED', flaky: false, message: 'timeout after 30s' });
    expect(find(results, 'legacyFlow')).toMatchObject({ outcome: 'SKIPPED' });
  });

  it('jest-junit: a <testsuites> root, suites by describe name', () => {
    const results = parseJUnit(fixture('jest-junit.xml'));
    expect(results.map((r) => [r.suite, r.outcome])).toEqual([
      ['Cart', 'PASSED'],
      ['Cart', 'FAILED'],
      ['Cart', 'SKIPPED'],
      ['Checkout', 'PASSED'],
    ]);
    expect(find(results, 'Cart rejects a negative quantity').message).toContain('Received function did not throw');
  });

  it('pytest xunit2: failure, setup error and skip', () => {
    const results = parseJUnit(fixture('pytest-xunit2.xml'));
    expect(Object.fromEntries(results.map((r) => [r.name, r.outcome]))).toEqual({
      test_add: 'PASSED',
      test_total: 'FAILED',
      test_db: 'ERRORED',
      test_windows_only: 'SKIPPED',
    });
    expect(find(results, 'test_db').message).toBe('failed on setup with "ConnectionRefusedError"');
  });

  it('go-junit-report: subtests are tests of their own, properties and output are not tests', () => {
    const results = parseJUnit(fixture('go-junit-report.xml'));
    expect(results.map((r) => `${r.name}:${r.outcome}`)).toEqual(['TestAdd:PASSED', 'TestAdd/negative:PASSED', 'TestTotal:FAILED']);
    expect(results[0].suite).toBe('github.com/example/shop/cart');
  });

  it('nested suites: identity is suite + classname + name; a retried test that errored then passed is flaky; failure > error > skipped', () => {
    const results = parseJUnit(fixture('nested-suites.xml'));
    expect(results).toHaveLength(3);
    expect(find(results, 'creates', 'api')).toMatchObject({ outcome: 'PASSED' });
    expect(find(results, 'creates', 'api/v2')).toMatchObject({ outcome: 'FAILED', message: 'boom' });
    expect(find(results, 'retries', 'api')).toMatchObject({ outcome: 'ERRORED', flaky: true, durationSeconds: 0.5 });
  });

  it('a billion-laughs file is refused before any entity is read, in milliseconds', () => {
    const started = process.hrtime.bigint();
    expect(() => parseJUnit(fixture('billion-laughs.xml'))).toThrow(/DOCTYPE/);
    // A generous bound, far below what expanding it would take: the refusal happens before parsing.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });

  it('an external entity is refused', () => {
    expect(() => parseJUnit(fixture('external-entity.xml'))).toThrow(JUnitReportError);
  });

  it('a DOCTYPE quoted inside a failure message is not a declaration', () => {
    const xml = `<testsuite name="s"><testcase classname="c" name="n"><failure><![CDATA[<!DOCTYPE html><html></html>]]></failure></testcase></testsuite>`;
    expect(parseJUnit(xml)[0].outcome).toBe('FAILED');
  });

  it('tolerates what sloppy writers leave in output (ANSI escapes, undefined entities), keeping it as written', () => {
    const xml = `<testsuite name="s"><testcase classname="c" name="n"><failure>\u001b[31mred\u001b[0m a&nbsp;b &#27;</failure><system-out>\u001b[0m]]></system-out></testcase></testsuite>`;
    expect(parseJUnit(xml)[0]).toMatchObject({ outcome: 'FAILED', message: '\u001b[31mred\u001b[0m a&nbsp;b &#27;' });
  });

  it('keeps the first 1,000 characters of a failure text, trimmed, however long the output', () => {
    const trace = `  \n${'x'.repeat(995)}     ${'y'.repeat(100_000)}`;
    const xml = `<testsuite name="s"><testcase classname="c" name="n"><error><![CDATA[${trace}]]></error></testcase><testcase classname="c" name="m"><failure>  short  </failure></testcase></testsuite>`;
    const [first, second] = parseJUnit(xml);
    expect(first.message).toBe(`${'x'.repeat(995)}     `);
    expect(second.message).toBe('short');
  });

  it('test cases straight under <testsuites> belong to a suite named like it', () => {
    const xml = `<testsuites name="top"><testcase classname="c" name="d"/><testsuite name="s"><testcase classname="c" name="n"/></testsuite></testsuites>`;
    expect(parseJUnit(xml).map((r) => `${r.suite}/${r.name}`)).toEqual(['top/d', 's/n']);
  });

  it.each([
    ['a truncated upload', '<testsuite name="s">\n<testcase name="a">\n<failure>boom', /not well-formed XML: unclosed tag.*line 3/],
    ['a mismatched closing tag', '<testsuite name="s">\n<testcase name="a">\n</testsuite>', /not well-formed XML.*line 3/],
    ['a "<" in an attribute (rather than dropping it from the name)', '<testsuite name="s"><testcase classname="c" name="a<b"/></testsuite>', /"<" where markup cannot start.*line 1/],
    ['two root elements', '<testsuite name="a"/>\n<testsuite name="b"/>', /only one root.*line 2/],
    ['nesting deeper than the limit', `${'<testsuite>'.repeat(70)}${'</testsuite>'.repeat(70)}`, /nest deeper than 64/],
  ])('refuses %s, naming where', (_, xml, message) => {
    expect(() => parseJUnit(xml)).toThrow(message);
  });

  it.each([
    ['', /well-formed|root element/],
    ['not xml at all', /well-formed|root element/],
    ['<testsuite><testcase name="a">', /well-formed/],
    ['<html><body/></html>', /root element/],
  ])('refuses %j with a message naming the problem', (xml, message) => {
    expect(() => parseJUnit(xml)).toThrow(message);
  });
});

describe('parseTime', () => {
  it.each([
    ['0.5', 0.5],
    ['1,234.5', 1234.5],
    ['12,345,678', 12345678],
    ['', null],
    ['-1', null],
    ['abc', null],
    [undefined, null],
  ])('%j → %j', (value, seconds) => expect(parseTime(value)).toBe(seconds));
});

describe('mergeByIdentity', () => {
  const result = (outcome: TestCaseResult['outcome']): TestCaseResult => ({ suite: 's', classname: 'c', name: 'n', outcome, durationSeconds: 1, flaky: false, message: null });

  it('keeps the worst outcome whatever the order, and flags pass + fail as flaky but not pass + skip', () => {
    expect(mergeByIdentity([result('PASSED'), result('FAILED')])[0]).toMatchObject({ outcome: 'FAILED', flaky: true });
    expect(mergeByIdentity([result('FAILED'), result('PASSED')])[0]).toMatchObject({ outcome: 'FAILED', flaky: true });
    expect(mergeByIdentity([result('ERRORED'), result('FAILED')])[0]).toMatchObject({ outcome: 'FAILED', flaky: false });
    expect(mergeByIdentity([result('SKIPPED'), result('PASSED')])[0]).toMatchObject({ outcome: 'SKIPPED', flaky: false });
    const first = result('PASSED');
    mergeByIdentity([first, result('FAILED')]);
    expect(first).toMatchObject({ outcome: 'PASSED', flaky: false, durationSeconds: 1 });
  });
});
