import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { ErrorKind, PlatformError, PlatformErrorCode } from '@anw/platform';
import type { AuthenticatedRequest } from './auth/principal.js';

const KEY = /^[A-Za-z0-9._:-]{8,200}$/;

/**
 * Honours `Idempotency-Key` on creating POSTs: the first request runs and its response is kept;
 * a retry with the same key and body gets the same response; the same key with another body is
 * refused, and a retry while the first is still running gets 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || typeof key !== 'string' || !req.principal) return next.handle();
    return from(this.run(req, context.switchToHttp().getResponse<Response>(), key, req.principal.userId, next));
  }

  private async run(req: Request, res: Response, key: string, userId: string, next: CallHandler): Promise<unknown> {
    if (!KEY.test(key)) {
      throw new PlatformError(PlatformErrorCode.ValidationFailed, ErrorKind.BadInput, 'Idempotency-Key moet 8 tot 200 tekens zijn (letters, cijfers, . _ : -).');
    }
    const scopedKey = `${req.method} ${req.originalUrl} ${key}`;
    const requestHash = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');
    const inserted = (await this.dataSource.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING key`,
      [userId, scopedKey, requestHash],
    )) as unknown[];
    if (inserted.length === 0) {
      const [row] = (await this.dataSource.query(
        'SELECT request_hash, status_code, response FROM idempotency_keys WHERE user_id = $1 AND key = $2',
        [userId, scopedKey],
      )) as { request_hash: string; status_code: number | null; response: unknown }[];
      if (row.request_hash !== requestHash) {
        throw new PlatformError(PlatformErrorCode.IdempotencyMismatch, ErrorKind.Unprocessable, 'Deze Idempotency-Key is al gebruikt voor een ander verzoek.');
      }
      if (row.status_code === null) {
        throw new PlatformError(PlatformErrorCode.IdempotencyConflict, ErrorKind.Conflict, 'Een verzoek met deze Idempotency-Key wordt nog verwerkt.');
      }
      res.status(row.status_code);
      res.setHeader('Idempotent-Replayed', 'true');
      return row.response;
    }
    try {
      const result: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
      const status = res.statusCode || HttpStatus.CREATED;
      await this.dataSource.query('UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE user_id = $1 AND key = $2', [
        userId,
        scopedKey,
        status,
        JSON.stringify(result ?? null),
      ]);
      return result;
    } catch (error) {
      // A failed request changed nothing, so the key is free for a corrected retry.
      await this.dataSource.query('DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2', [userId, scopedKey]);
      throw error;
    }
  }
}

