import { LoggerService } from '@nestjs/common';

const LEVELS = { debug: 10, verbose: 10, info: 20, log: 20, warn: 30, error: 40, fatal: 50 } as const;
type Level = keyof typeof LEVELS;

/**
 * Structured JSON logs, one object per line, tagged with the app's name, so
 * the output of several apps can be merged and filtered.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly app: string,
    private readonly minLevel: Level = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {}

  log(message: unknown, ...rest: unknown[]) { this.emit('info', message, rest); }
  error(message: unknown, ...rest: unknown[]) { this.emit('error', message, rest); }
  warn(message: unknown, ...rest: unknown[]) { this.emit('warn', message, rest); }
  debug(message: unknown, ...rest: unknown[]) { this.emit('debug', message, rest); }
  verbose(message: unknown, ...rest: unknown[]) { this.emit('debug', message, rest); }
  fatal(message: unknown, ...rest: unknown[]) { this.emit('fatal', message, rest); }

  private emit(level: Level, message: unknown, rest: unknown[]) {
    if (LEVELS[level] < LEVELS[this.minLevel]) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, app: this.app };
    // Nest passes the context as the last string argument, and a stack before it for errors.
    const args = [...rest];
    if (args.length && typeof args[args.length - 1] === 'string') entry.context = args.pop();
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry.msg = String(message);
    }
    for (const arg of args) {
      if (typeof arg === 'string' && arg.includes('\n    at ')) entry.stack = arg;
      else if (arg instanceof Error) entry.stack = arg.stack;
      else if (arg !== undefined) entry.detail = arg;
    }
    this.write(JSON.stringify(entry));
  }
}
