import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Logs never carry emails, IPs or user agents at info level: callers log ids,
 * and these paths are redacted in case an object slips through.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    redact: {
      paths: ['email', '*.email', 'ip', '*.ip', 'userAgent', '*.userAgent', 'authorEmail', '*.authorEmail', 'password', '*.password', 'req.headers.cookie'],
      censor: '[hidden]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
