import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * JUnit XML as real tools write it (Maven Surefire, jest-junit, pytest
 * xunit2, go-junit-report, Gradle): an optional `<testsuites>` root, suites
 * nested in suites, Surefire's `flakyFailure` / `flakyError` /
 * `rerunFailure` / `rerunError`, `time` with thousands separators. A test's
 * identity is suite + classname + name; when a report lists one test more
 * than once (retries), its results merge: the worst outcome (failure >
 * error > skipped > pass), flaky when it both passed and failed.
 *
 * Hostile input: a document type declaration (the only way to declare
 * entities, hence entity-expansion bombs and external entities) is refused
 * before parsing; only XML's five predefined entities are decoded, and
 * nesting is bounded.
 */

export type TestOutcome = 'PASSED' | 'FAILED' | 'ERRORED' | 'SKIPPED';

/** failure > error > skipped > pass. */
const PRECEDENCE: Record<TestOutcome, number> = { PASSED: 0, SKIPPED: 1, ERRORED: 2, FAILED: 3 };

export interface TestCaseResult {
  suite: string;
  classname: string;
  name: string;
  outcome: TestOutcome;
  durationSeconds: number | null;
  /** Passed and failed within this report (a retry), or Surefire reported a flakyFailure / flakyError. */
  flaky: boolean;
  /** The first failure or error message, cut to 1,000 characters. */
  message: string | null;
}

export class JUnitReportError extends Error {}

/** More test cases than this in one report is refused rather than stored. */
export const MAX_TEST_CASES = 500_000;
const MAX_NESTING = 64;
const MESSAGE_CHARS = 1000;

const ARRAYS = new Set(['testsuites', 'testsuite', 'testcase', 'failure', 'error', 'skipped', 'flakyFailure', 'flakyError', 'rerunFailure', 'rerunError']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // XML's predefined entities only; declared ones cannot exist (DOCTYPE is refused), and expansion is bounded regardless.
  htmlEntities: false,
  processEntities: { enabled: true, maxEntityCount: 1, maxEntitySize: 100, maxExpansionDepth: 1, maxTotalExpansions: 10_000_000, maxExpandedLength: 64 * 1024 * 1024 },
  maxNestedTags: MAX_NESTING,
  // No stopNodes: wildcard stop-node matching runs on every tag and costs more than parsing the little markup in output.
  isArray: (name) => ARRAYS.has(name),
});

/** Parses a JUnit XML report into one result per test identity, or throws JUnitReportError naming what is wrong. */
export function parseJUnit(xml: string): TestCaseResult[] {
  refuseDocumentType(xml);
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: true });
  if (valid !== true) throw new JUnitReportError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  let document: Record<string, any>;
  try {
    document = parser.parse(xml);
  } catch (error) {
    throw new JUnitReportError(`not a readable JUnit report: ${(error as Error).message}`);
  }
  const cases: TestCaseResult[] = [];
  if (!document.testsuites && !document.testsuite) throw new JUnitReportError('the root element must be <testsuites> or <testsuite>');
  const roots = [...(document.testsuites ?? []).flatMap((root: any) => asArray(root?.testsuite)), ...(document.testsuite ?? [])];
  for (const suite of roots) collect(suite, cases, 0);
  for (const root of document.testsuites ?? []) {
    // Some writers put test cases straight under <testsuites>.
    for (const testcase of asArray(root?.testcase)) cases.push(toResult(testcase, String(root?.['@_name'] ?? '')));
  }
  return mergeByIdentity(cases);
}

const asArray = (value: unknown): any[] => (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]);

function collect(suite: any, into: TestCaseResult[], depth: number) {
  if (depth > MAX_NESTING) throw new JUnitReportError(`test suites nest deeper than ${MAX_NESTING}`);
  if (typeof suite !== 'object' || suite === null) return;
  const name = String(suite['@_name'] ?? '');
  for (const testcase of asArray(suite.testcase)) {
    into.push(toResult(testcase, name));
    if (into.length > MAX_TEST_CASES) throw new JUnitReportError(`more than ${MAX_TEST_CASES} test cases in one report`);
  }
  for (const nested of asArray(suite.testsuite)) collect(nested, into, depth + 1);
}

function toResult(testcase: any, suite: string): TestCaseResult {
  const has = (tag: string) => asArray(testcase?.[tag]).length > 0;
  const outcome: TestOutcome = has('failure') ? 'FAILED' : has('error') ? 'ERRORED' : has('skipped') ? 'SKIPPED' : 'PASSED';
  const first = asArray(testcase?.failure)[0] ?? asArray(testcase?.error)[0];
  return {
    suite,
    classname: String(testcase?.['@_classname'] ?? ''),
    name: String(testcase?.['@_name'] ?? ''),
    outcome,
    durationSeconds: parseTime(testcase?.['@_time']),
    flaky: outcome === 'PASSED' && (has('flakyFailure') || has('flakyError')),
    message: first === undefined ? null : messageOf(first),
  };
}

function messageOf(element: unknown): string | null {
  const text = typeof element === 'object' && element !== null ? ((element as any)['@_message'] ?? (element as any)['#text']) : element;
  return text === undefined || text === null || text === '' ? null : String(text).slice(0, MESSAGE_CHARS);
}

/** `time="1,234.5"` (thousands separators, as some writers format it) → 1234.5; missing, negative or unreadable → null. */
export function parseTime(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const seconds = Number(String(value).trim().replace(/,/g, ''));
  return Number.isFinite(seconds) && seconds >= 0 && String(value).trim() !== '' ? seconds : null;
}

/** One result per identity: the worst outcome, flaky when it both passed and failed (or a part was flaky), durations summed. */
export function mergeByIdentity(cases: TestCaseResult[]): TestCaseResult[] {
  const byIdentity = new Map<string, { result: TestCaseResult; passed: boolean; failed: boolean }>();
  for (const each of cases) {
    const key = JSON.stringify([each.suite, each.classname, each.name]);
    const seen = byIdentity.get(key);
    const passed = each.outcome === 'PASSED';
    const failed = each.outcome === 'FAILED' || each.outcome === 'ERRORED';
    if (!seen) {
      byIdentity.set(key, { result: { ...each }, passed, failed });
      continue;
    }
    const worse = PRECEDENCE[each.outcome] > PRECEDENCE[seen.result.outcome];
    seen.passed ||= passed;
    seen.failed ||= failed;
    seen.result = {
      ...seen.result,
      outcome: worse ? each.outcome : seen.result.outcome,
      message: worse ? each.message : seen.result.message ?? each.message,
      durationSeconds: seen.result.durationSeconds === null && each.durationSeconds === null ? null : (seen.result.durationSeconds ?? 0) + (each.durationSeconds ?? 0),
      flaky: seen.result.flaky || each.flaky,
    };
  }
  return [...byIdentity.values()].map(({ result, passed, failed }) => ({ ...result, flaky: result.flaky || (passed && failed) }));
}

/**
 * Refuses a document type declaration: JUnit reports never need one, and it is where entity bombs and external entities live.
 * Only the prolog is looked at (a failure message may quote an HTML page with its own DOCTYPE).
 */
function refuseDocumentType(xml: string) {
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < xml.length && /\s/.test(xml[i])) i++;
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end < 0) return;
      i = end + 2;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) return;
      i = end + 3;
    } else {
      if (xml.slice(i, i + 9).toUpperCase() === '<!DOCTYPE' || xml.slice(i, i + 8).toUpperCase() === '<!ENTITY') {
        throw new JUnitReportError('the report declares a DOCTYPE (entities are refused: JUnit reports never need them)');
      }
      return;
    }
  }
}
