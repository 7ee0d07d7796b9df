import { SaxesParser, SaxesTagPlain } from 'saxes';

/**
 * JUnit XML as real tools write it (Maven Surefire, jest-junit, pytest
 * xunit2, go-junit-report, Gradle): an optional `<testsuites>` root, suites
 * nested in suites, Surefire's `flakyFailure` / `flakyError` /
 * `rerunFailure` / `rerunError`, `time` with thousands separators. A test's
 * identity is suite + classname + name; when a report lists one test more
 * than once (retries), its results merge: the worst outcome (failure >
 * error > skipped > pass), flaky when it both passed and failed.
 *
 * Streamed, not built into a document: one pass of `saxes` (a strict SAX
 * parser, so well-formedness is checked in the same pass and a truncated
 * upload is refused with its line) feeds a small state machine that keeps
 * only the current test case. Output (`system-out`, stack traces) is never
 * concatenated except the first failure's or error's text, up to the 1,000
 * characters kept. That is what makes a 30 MB report parse in well under
 * 2 s (bench:junit); a DOM parser plus a separate validation pass took 3.8 s.
 *
 * Hostile input: a document type declaration (the only way to declare
 * entities, hence entity-expansion bombs and external entities) is refused
 * before parsing; saxes never expands declared entities anyway, only XML's
 * five predefined ones and character references; nesting is bounded.
 * Lenient where real tools are sloppy and the old parser let it through:
 * control characters (ANSI colours in output), undefined entities (kept as
 * written) and `]]>` in text are tolerated; broken structure (unclosed or
 * mismatched tags, several roots, garbage outside the root, a bare `&`,
 * attributes without a value) is not. Test cases come in document order.
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
/** Elements nested deeper than this are refused (suites in suites, or anything else). */
export const MAX_NESTING = 64;
const MESSAGE_CHARS = 1000;

/**
 * saxes reports these and carries on; the old parser accepted them and real
 * reports contain them (ANSI escapes in output, `&nbsp;` copied from HTML,
 * Surefire's `&#27;`, both kept as written), so they do not refuse a report.
 * A `<` where it cannot be (saxes says "disallowed character." and drops it)
 * is not tolerated: that would change a name.
 */
const TOLERATED = new Set(['disallowed character.', 'undefined entity.', 'malformed character entity.', 'the string "]]>" is disallowed in char data.']);

/** What an open element is to the collector; everything else is IGNORED. */
enum Kind {
  IGNORED,
  /** The root <testsuites> (test cases straight under it belong to a suite named like it). */
  SUITES,
  /** A <testsuite> at the root, under the root <testsuites> or under another such suite. */
  SUITE,
  /** A <testcase> in one of those. */
  CASE,
  /** The first <failure> (or first <error>) of the current case without a message attribute: its text is the message. */
  FAILURE_TEXT,
  ERROR_TEXT,
}

/** The test case being read: its outcome elements noted, its message kept (one object per parse, reset per case). */
interface OpenCase {
  suite: string;
  classname: string;
  name: string;
  time: string | undefined;
  failed: boolean;
  errored: boolean;
  skipped: boolean;
  flakyPart: boolean;
  failureMessage: string | null;
  errorMessage: string | null;
}

/**
 * The text of an element, trimmed and cut to MESSAGE_CHARS without holding
 * more than that: `more` records that non-space text follows what is kept
 * (so trailing spaces inside the kept part are not trimmed).
 */
class MessageText {
  private kept = '';
  private more = false;

  add(chunk: string) {
    if (this.more) return;
    if (this.kept.length === 0) chunk = chunk.trimStart();
    const room = MESSAGE_CHARS - this.kept.length;
    if (chunk.length <= room) {
      this.kept += chunk;
      return;
    }
    this.kept += chunk.slice(0, room);
    if (/\S/.test(chunk.slice(room))) this.more = true;
  }

  take(): string | null {
    const text = this.more ? this.kept : this.kept.trimEnd();
    this.kept = '';
    this.more = false;
    return text === '' ? null : text;
  }
}

/** Parses a JUnit XML report into one result per test identity, or throws JUnitReportError naming what is wrong. */
export function parseJUnit(xml: string): TestCaseResult[] {
  refuseDocumentType(xml);
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const merged = new Merger(false);
  const kinds: Kind[] = [];
  const suites: string[] = [];
  const text = new MessageText();
  const current: OpenCase = openCase();
  let cases = 0;
  let junitRoot = false;

  const where = () => `line ${parser.line}, column ${parser.column}`;
  parser.on('error', (error) => {
    const reason = error.message.replace(/^\d+:\d+: /, '');
    const lessThan = xml.charCodeAt(parser.position - 1) === 0x3c;
    if (TOLERATED.has(reason) && !lessThan) return;
    throw new JUnitReportError(`not well-formed XML: ${lessThan && reason === 'disallowed character.' ? 'a "<" where markup cannot start (write it as &lt;)' : reason} (${where()})`);
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const depth = kinds.length;
    if (depth >= MAX_NESTING) throw new JUnitReportError(`elements nest deeper than ${MAX_NESTING} (${where()})`);
    const name = tag.name;
    const parent = depth === 0 ? undefined : kinds[depth - 1];
    let kind = Kind.IGNORED;
    if (parent === undefined) {
      if (name === 'testsuites' || name === 'testsuite') {
        junitRoot = true;
        kind = name === 'testsuites' ? Kind.SUITES : Kind.SUITE;
        suites.push(attribute(tag, 'name'));
      }
    } else if (parent === Kind.SUITES || parent === Kind.SUITE) {
      if (name === 'testsuite') {
        kind = Kind.SUITE;
        suites.push(attribute(tag, 'name'));
      } else if (name === 'testcase') {
        kind = Kind.CASE;
        resetCase(current, tag, suites[suites.length - 1]);
      }
    } else if (parent === Kind.CASE) {
      kind = outcomeElement(current, tag);
    }
    kinds.push(kind);
  });
  const onText = (chunk: string) => {
    const top = kinds[kinds.length - 1];
    if (top === Kind.FAILURE_TEXT || top === Kind.ERROR_TEXT) text.add(chunk);
  };
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    switch (kinds.pop()) {
      case Kind.SUITES:
      case Kind.SUITE:
        suites.pop();
        break;
      case Kind.CASE:
        merged.add(toResult(current));
        if (++cases > MAX_TEST_CASES) throw new JUnitReportError(`more than ${MAX_TEST_CASES} test cases in one report`);
        break;
      case Kind.FAILURE_TEXT:
        current.failureMessage = text.take();
        parser.off('text');
        break;
      case Kind.ERROR_TEXT:
        current.errorMessage = text.take();
        parser.off('text');
        break;
    }
  });

  /** Notes a failure / error / skipped / flaky child of the open case; the first failure's or error's text is read only when it has no message attribute. */
  function outcomeElement(open: OpenCase, tag: SaxesTagPlain): Kind {
    switch (tag.name) {
      case 'failure':
        if (open.failed) return Kind.IGNORED;
        open.failed = true;
        if (tag.attributes.message === undefined) return textOf(Kind.FAILURE_TEXT);
        open.failureMessage = messageAttribute(tag.attributes.message as string);
        return Kind.IGNORED;
      case 'error':
        if (open.errored) return Kind.IGNORED;
        open.errored = true;
        if (tag.attributes.message === undefined) return textOf(Kind.ERROR_TEXT);
        open.errorMessage = messageAttribute(tag.attributes.message as string);
        return Kind.IGNORED;
      case 'skipped':
        open.skipped = true;
        return Kind.IGNORED;
      case 'flakyFailure':
      case 'flakyError':
        open.flakyPart = true;
        return Kind.IGNORED;
      default:
        return Kind.IGNORED;
    }
  }
  // Text is only gathered inside a message element: saxes does not build text nobody listens to (system-out, properties, whitespace).
  function textOf(kind: Kind.FAILURE_TEXT | Kind.ERROR_TEXT): Kind {
    parser.on('text', onText);
    return kind;
  }

  parser.write(xml).close();
  if (!junitRoot) throw new JUnitReportError('the root element must be <testsuites> or <testsuite>');
  return merged.results();
}

const attribute = (tag: SaxesTagPlain, name: string): string => (tag.attributes[name] as string | undefined) ?? '';

const messageAttribute = (value: string): string | null => (value === '' ? null : value.slice(0, MESSAGE_CHARS));

const openCase = (): OpenCase => ({ suite: '', classname: '', name: '', time: undefined, failed: false, errored: false, skipped: false, flakyPart: false, failureMessage: null, errorMessage: null });

function resetCase(open: OpenCase, tag: SaxesTagPlain, suite: string) {
  open.suite = suite;
  const classname = attribute(tag, 'classname');
  // Consecutive tests mostly share a classname: keeping the previous string lets the new copy die young (fewer strings retained).
  if (classname !== open.classname) open.classname = classname;
  open.name = attribute(tag, 'name');
  open.time = tag.attributes.time as string | undefined;
  open.failed = open.errored = open.skipped = open.flakyPart = false;
  open.failureMessage = open.errorMessage = null;
}

function toResult(open: OpenCase): TestCaseResult {
  const outcome: TestOutcome = open.failed ? 'FAILED' : open.errored ? 'ERRORED' : open.skipped ? 'SKIPPED' : 'PASSED';
  return {
    suite: open.suite,
    classname: open.classname,
    name: open.name,
    outcome,
    durationSeconds: parseTime(open.time),
    flaky: outcome === 'PASSED' && open.flakyPart,
    message: open.failed ? open.failureMessage : open.errored ? open.errorMessage : null,
  };
}

/** `time="1,234.5"` (thousands separators, as some writers format it) → 1234.5; missing, negative or unreadable → null. */
export function parseTime(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const text = String(value).trim();
  if (text === '') return null;
  const seconds = Number(text.includes(',') ? text.replace(/,/g, '') : text);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/** One result per identity: the worst outcome, flaky when it both passed and failed (or a part was flaky), durations summed. */
export function mergeByIdentity(cases: TestCaseResult[]): TestCaseResult[] {
  const merger = new Merger(true);
  for (const each of cases) merger.add(each);
  return merger.results();
}

/**
 * Merges results by identity in first-seen order, updating one object per
 * identity in place. Keyed by suite, then classname, then name (maps of
 * short strings: a concatenated key per test cost more than the XML parse),
 * and whether an identity both passed and failed is only tracked for
 * identities seen more than once.
 */
class Merger {
  private readonly bySuite = new Map<string, Map<string, Map<string, TestCaseResult>>>();
  private readonly order: TestCaseResult[] = [];
  private readonly repeated = new Map<TestCaseResult, { passed: boolean; failed: boolean }>();

  /** copy: the results added belong to the caller, so the first of each identity is copied before it is updated. */
  constructor(private readonly copy: boolean) {}

  /** The names of the last suite + classname: consecutive tests mostly share them. */
  private last: { suite: string; classname: string; byName: Map<string, TestCaseResult> } | undefined;

  add(each: TestCaseResult) {
    const last = this.last;
    let byName: Map<string, TestCaseResult>;
    if (last !== undefined && last.suite === each.suite && last.classname === each.classname) {
      byName = last.byName;
    } else {
      let byClass = this.bySuite.get(each.suite);
      if (byClass === undefined) this.bySuite.set(each.suite, (byClass = new Map()));
      let found = byClass.get(each.classname);
      if (found === undefined) byClass.set(each.classname, (found = new Map()));
      byName = found;
      this.last = { suite: each.suite, classname: each.classname, byName };
    }
    const result = byName.get(each.name);
    if (result === undefined) {
      const first = this.copy ? { ...each } : each;
      byName.set(each.name, first);
      this.order.push(first);
      return;
    }
    let seen = this.repeated.get(result);
    if (seen === undefined) this.repeated.set(result, (seen = { passed: result.outcome === 'PASSED', failed: isFailure(result.outcome) }));
    seen.passed ||= each.outcome === 'PASSED';
    seen.failed ||= isFailure(each.outcome);
    const worse = PRECEDENCE[each.outcome] > PRECEDENCE[result.outcome];
    result.message = worse ? each.message : result.message ?? each.message;
    if (worse) result.outcome = each.outcome;
    result.durationSeconds = result.durationSeconds === null && each.durationSeconds === null ? null : (result.durationSeconds ?? 0) + (each.durationSeconds ?? 0);
    result.flaky ||= each.flaky;
  }

  results(): TestCaseResult[] {
    for (const [result, { passed, failed }] of this.repeated) if (passed && failed) result.flaky = true;
    return this.order;
  }
}

const isFailure = (outcome: TestOutcome) => outcome === 'FAILED' || outcome === 'ERRORED';

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
