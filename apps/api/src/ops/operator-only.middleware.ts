import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { OperatorAccess } from '@anw/identity';
import { ProblemFilter } from '@anw/platform';

const REALM = 'Basic realm="anw-rooster operations", charset="UTF-8"';

/**
 * The guard of a raw Express mount (the global AccessGuard never sees it): lets through only an
 * operator (bearer token or HTTP Basic); everything else ends here as problem+json, 401 with a
 * Basic challenge so a browser asks for a login. Fails closed: any error refuses.
 */
export function operatorOnly(access: OperatorAccess): RequestHandler {
  const problems = new ProblemFilter();
  const logger = new Logger('OperatorOnly');
  return (req: Request, res: Response, next: NextFunction): void => {
    access.authorize(req.headers.authorization, req.ip ?? req.socket.remoteAddress ?? 'unknown').then(
      () => next(),
      (error: unknown) => {
        const body = problems.toProblem(error, req as Request & { id?: string });
        if (body.status >= 500) logger.error({ err: error, requestId: body.requestId }, 'operator check failed');
        if (body.status === 401) res.setHeader('WWW-Authenticate', REALM);
        res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
      },
    );
  };
}
