/**
 * Benchmark of JUnit XML parsing (the builds app's test-result uploads): a
 * generated Surefire-style report of about BENCH_JUNIT_MB megabytes (default
 * 30, TEST_REPORT_MAX_BYTES' default) with failures, stack traces and
 * output, parsed by parseJUnit as an upload is. Goal: under 2 s, with memory
 * bounded by a small multiple of the report. Prints the figures and writes
 * bench/results/junit-parse.json.
 *
 *   npm run build && npm run bench:junit
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseJUnit } from '../apps/builds/src/tests/junit.rules';
import { resultsPath, writeResults } from './bench-kit';

const MB = 1024 * 1024;
const targetBytes = Number(process.env.BENCH_JUNIT_MB ?? 30) * MB;

function report(bytes: number): string {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n'];
  let size = parts[0].length;
  for (let suite = 0; size < bytes; suite++) {
    const head = `<testsuite name="com.example.Suite${suite}" tests="100" time="1,234.5">\n`;
    parts.push(head);
    size += head.length;
    for (let test = 0; test < 100 && size < bytes; test++) {
      const fails = (suite * 100 + test) % 37 === 0;
      const body = fails
        ? `<failure message="expected:&lt;10&gt; but was:&lt;9&gt;" type="AssertionError"><![CDATA[${'at com.example.Code.method(Code.java:42)\n'.repeat(20)}]]></failure><system-out><![CDATA[${'log line <not markup>\n'.repeat(10)}]]></system-out>`
        : '';
      const line = `  <testcase name="test${test}" classname="com.example.Suite${suite}" time="0.0${test % 10}">${body}</testcase>\n`;
      parts.push(line);
      size += line.length;
    }
    parts.push('</testsuite>\n');
    size += 13;
  }
  parts.push('</testsuites>\n');
  return parts.join('');
}

function main() {
  const xml = report(targetBytes);
  const bytes = Buffer.byteLength(xml);
  // npm run bench:junit exposes gc: the report's generation garbage is collected before the clock starts.
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const load = loadavg()[0];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const results = parseJUnit(xml);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const heapAfter = process.memoryUsage().heapUsed;
  const figures = {
    reportMegabytes: +(bytes / MB).toFixed(1),
    testCases: results.length,
    failed: results.filter((r) => r.outcome === 'FAILED').length,
    parseSeconds: +seconds.toFixed(3),
    // CPU time of the parse (all threads, GC included): on a shared machine it varies far less than the wall time.
    cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(3),
    loadAverage: +load.toFixed(1),
    megabytesPerSecond: +(bytes / MB / seconds).toFixed(1),
    // Heap in use after the parse minus before it: the results held plus garbage not yet collected (the report itself is not
    // counted). Not RSS: a timer cannot sample during a synchronous parse, and RSS keeps the pages freed by the gc above.
    heapGrowthMegabytes: +((heapAfter - heapBefore) / MB).toFixed(0),
    goal: 'parse a 30 MB report in under 2 s',
    met: seconds < 2,
    node: process.version,
    at: new Date().toISOString(),
  };
  console.table(figures);
  writeResults(resultsPath('junit-parse.json'), figures);
}

main();
