import type { LoggerService } from '@nestjs/common';

const LEVELS = { debug: 10, verbose: 10, info: 20, log: 20, warn: 30, error: 40, fatal: 50 } as const;
type Level = keyof typeof LEVELS;

/**
 * One JSON object per line. Callers pass ids, codes and counts only; names, emails and
 * request variables are never logged.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly min: 'debug' | 'info' | 'warn' | 'error' = 'info',
    private readonly service = 'api',
  ) {}

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string) {
    this.write('error', message, context ?? stackOrContext, context ? stackOrContext : undefined);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  fatal(message: unknown, context?: string) {
    this.write('fatal', message, context);
  }

  private write(level: Level, message: unknown, context?: string, stack?: string) {
    if (LEVELS[level] < LEVELS[this.min]) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, service: this.service };
    if (context) entry['context'] = context;
    if (message instanceof Error) {
      entry['msg'] = message.message;
      entry['error'] = message.name;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry['msg'] = String(message);
    }
    if (stack) entry['stack'] = stack;
    process.stdout.write(`${JSON.stringify(entry)}\n`);
  }
}
