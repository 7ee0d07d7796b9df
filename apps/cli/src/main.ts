#!/usr/bin/env node
import { runCli } from './cli.program';
import { CliError, ExitCode } from './cli-errors';

/** Reads all of stdin (for `login --token -`), at most 64 KiB. */
function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 65_536) reject(new CliError('stdin is longer than 64 KiB', ExitCode.Usage));
    });
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}

runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`companyos: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
