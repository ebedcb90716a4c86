// Structured JSON logs with pino. Secrets never reach a log line: the redact list covers
// the fields that could carry them.
import { pino } from 'pino';
import type { Logger } from '../../app/ports/logger.port.ts';

export function createLogger(options: { level?: string; destination?: 1 | 2 } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'klantwaarde' },
      redact: {
        paths: ['accessToken', 'refreshToken', 'clientSecret', 'secret', 'authorization', '*.accessToken', '*.refreshToken', '*.authorization', 'headers.authorization'],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: options.destination ?? 1, sync: false }),
  );
}
