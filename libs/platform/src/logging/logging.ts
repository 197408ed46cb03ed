import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from '../config/config.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

const NEST_LEVELS: Record<string, LogLevel[]> = {
  silent: [],
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** Nest's own logger in JSON mode: one structured line per event. */
export function createAppLogger(config: Pick<AppConfig, 'logLevel'>): ConsoleLogger {
  return new ConsoleLogger({ json: true, logLevels: NEST_LEVELS[config.logLevel] ?? NEST_LEVELS.info });
}

/**
 * Request logs with a request id: taken from `x-request-id` when sane, else new; echoed in the
 * response and available as `req.id` (it travels into outbox events and job data).
 */
export function requestLogger(config: Pick<AppConfig, 'logLevel'>): RequestHandler {
  return pinoHttp({
    logger: pino({ level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] }),
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    customProps: (req) => ({ requestId: req.id }),
    autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
  }) as unknown as RequestHandler;
}
