import type { LoggerService } from '@nestjs/common';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

let stdout: DestinationStream | undefined;

/** Lines are written once this many bytes wait (about 15 request log lines)... */
const LOG_BATCH_BYTES = 4096;
/** ...or this long after the last write, whichever comes first. */
const LOG_FLUSH_MS = 200;

/**
 * Standard output, written in batches off the event loop: pino's default, one synchronous write
 * per line, was ~9.5% of the gateway's busy CPU under bench:gateway (one `fs.writeSync` to the
 * pipe per request log line). A line waits at most LOG_FLUSH_MS; pino flushes what waits
 * synchronously when the process exits (its on-exit handler), so a fatal line before
 * `process.exit` is not lost. One per process, shared by its loggers.
 */
function batchedStdout(): DestinationStream {
  stdout ??= pino.destination({
    dest: 1,
    sync: false,
    minLength: LOG_BATCH_BYTES,
    periodicFlush: LOG_FLUSH_MS,
  });
  return stdout;
}

/** One JSON logger per process; every line carries the service name, and the trace of the active span. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: activeTrace,
      redact: {
        paths: ['req.headers.authorization', 'password', 'client_secret', '*.password'],
        censor: '[redacted]',
      },
    },
    level === 'silent' ? undefined : batchedStdout(),
  );
}

/** `traceId` and `spanId` of the active span (fields given to the log call win). */
function activeTrace(): { traceId?: string; spanId?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext)
    ? { traceId: spanContext.traceId, spanId: spanContext.spanId }
    : {};
}

/** Routes Nest's own log calls into pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.write('error', message, context, trace);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace',
    message: unknown,
    context?: string,
    trace?: string,
  ): void {
    if (message !== null && typeof message === 'object') {
      this.logger[level](
        { context, ...(trace ? { trace } : {}), ...(message as object) },
        (message as { msg?: string }).msg ?? '',
      );
    } else {
      this.logger[level]({ context, ...(trace ? { trace } : {}) }, String(message));
    }
  }
}
