import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError, ErrorKind, FieldProblem, PlatformErrorCode } from './app-error.js';

const STATUS: Record<ErrorKind, number> = {
  [ErrorKind.BadInput]: 400,
  [ErrorKind.Unauthenticated]: 401,
  [ErrorKind.Forbidden]: 403,
  [ErrorKind.NotFound]: 404,
  [ErrorKind.Conflict]: 409,
  [ErrorKind.Unprocessable]: 422,
  [ErrorKind.TooManyRequests]: 429,
  [ErrorKind.Unavailable]: 503,
};

const TITLES: Record<number, string> = {
  400: 'Ongeldige invoer',
  401: 'Niet ingelogd',
  403: 'Geen toegang',
  404: 'Niet gevonden',
  405: 'Methode niet toegestaan',
  409: 'Conflict',
  413: 'Verzoek te groot',
  415: 'Niet-ondersteund formaat',
  422: 'Niet verwerkbaar',
  429: 'Te veel verzoeken',
  500: 'Interne fout',
  503: 'Tijdelijk niet beschikbaar',
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId?: string;
  errors?: FieldProblem[];
}

/** Maps every error to an application/problem+json body with a Dutch title and a stable code. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const body = this.toProblem(exception, req);
    if (body.status >= 500) {
      this.logger.error({ err: exception, requestId: req.id }, 'unhandled error');
    }
    if (res.headersSent) return;
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  /** The problem+json body for any error; also used by the raw Express mounts (the queue dashboard's guard). */
  toProblem(exception: unknown, req: Request & { id?: string }): ProblemBody {
    const base = { instance: req.originalUrl ?? req.url, requestId: req.id };
    if (exception instanceof AppError) {
      const status = STATUS[exception.kind];
      return this.body(status, exception.code, exception.message, base, exception.errors);
    }
    if (exception instanceof HttpException) {
      const status: HttpStatus = exception.getStatus();
      const message = messageOf(exception);
      // body-parser's SyntaxError arrives as a 400 HttpException from Nest.
      if (status === HttpStatus.BAD_REQUEST && /JSON/i.test(message)) {
        return this.body(status, PlatformErrorCode.MalformedJson, 'De body is geen geldige JSON.', base);
      }
      if (status === HttpStatus.NOT_FOUND) {
        return this.body(status, PlatformErrorCode.RouteNotFound, `Onbekende route: ${req.method} ${req.path}`, base);
      }
      if (status === HttpStatus.TOO_MANY_REQUESTS) {
        return this.body(status, PlatformErrorCode.TooManyRequests, 'Te veel verzoeken; probeer het over een minuut opnieuw.', base);
      }
      if (status === HttpStatus.UNAUTHORIZED) {
        return this.body(status, PlatformErrorCode.Unauthenticated, 'Log in om deze gegevens te zien.', base);
      }
      if (status === HttpStatus.FORBIDDEN) {
        return this.body(status, PlatformErrorCode.Forbidden, 'U heeft geen toegang tot deze gegevens.', base);
      }
      return this.body(status, `http_${status}`, message, base);
    }
    if (isBodyParserError(exception)) {
      const status = exception.status;
      return exception.type === 'entity.parse.failed'
        ? this.body(status, PlatformErrorCode.MalformedJson, 'De body is geen geldige JSON.', base)
        : this.body(status, `http_${status}`, exception.message, base);
    }
    return this.body(500, PlatformErrorCode.Internal, 'Er ging iets mis aan onze kant; de fout is gelogd.', base);
  }

  private body(
    status: number,
    code: string,
    detail: string,
    base: { instance: string; requestId?: string },
    errors?: FieldProblem[],
  ): ProblemBody {
    return {
      type: `https://anw-rooster.nl/problemen/${code}`,
      title: TITLES[status] ?? 'Fout',
      status,
      detail,
      code,
      ...base,
      ...(errors && errors.length > 0 ? { errors } : {}),
    };
  }
}

/** The response's `message` (a string, or validation messages joined), else the exception's own. */
function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : undefined;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join('; ');
  return exception.message;
}

function isBodyParserError(e: unknown): e is { status: number; type: string; message: string } {
  return typeof e === 'object' && e !== null && typeof (e as { status?: unknown }).status === 'number' && typeof (e as { type?: unknown }).type === 'string';
}
