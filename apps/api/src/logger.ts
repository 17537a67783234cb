import pino from 'pino';
import type { LogLevel } from './config.ts';

/** JSON logs for machines; readable lines when a person watches the terminal. */
export function createLogger(level: LogLevel, pretty = Boolean(process.stdout.isTTY)) {
  return pino({
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
  });
}
