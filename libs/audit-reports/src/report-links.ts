import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@anw/platform';
import { AuditReportError, AuditReportErrorCode } from './audit-reports.errors.js';
import type { DateRange } from './figures/date-range.js';

/** How long a report link works: long enough to open and print, short enough to leak little. */
export const REPORT_LINK_TTL_SECONDS = 15 * 60;

interface Claims {
  /** hds id */
  h: string;
  f: string;
  t: string;
  /** the user who minted the link */
  u: string;
  /** expiry, seconds since the epoch */
  e: number;
}

const b64 = (buf: Buffer | string): string => Buffer.from(buf).toString('base64url');

/**
 * Short-lived signed links to the HTML report, so a planner or auditor can open it in a browser
 * (which sends no bearer token). The signature is an HMAC with a key derived from the JWT
 * secret for this purpose only, so a link is never a login token and a login token never a link.
 */
@Injectable()
export class ReportLinks {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'auth'>) {
    this.key = createHmac('sha256', config.auth.jwtSecret).update('anw:audit-report-link/1').digest();
  }

  mint(hdsId: string, range: DateRange, userId: string, now = Date.now()): { token: string; expiresAt: string } {
    const e = Math.floor(now / 1000) + REPORT_LINK_TTL_SECONDS;
    const body = b64(JSON.stringify({ h: hdsId, f: range.from, t: range.to, u: userId, e } satisfies Claims));
    return { token: `${body}.${this.sign(body)}`, expiresAt: new Date(e * 1000).toISOString() };
  }

  /** The range and user a valid, unexpired link for this HDS was minted for. */
  verify(token: string | undefined, hdsId: string, now = Date.now()): DateRange & { userId: string } {
    const invalid = new AuditReportError(AuditReportErrorCode.ReportLinkInvalid, 'Deze rapportlink is ongeldig; vraag een nieuwe aan.');
    const [body, signature, extra] = (token ?? '').split('.');
    if (!body || !signature || extra !== undefined) throw invalid;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid;
    let claims: Claims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Claims;
    } catch {
      throw invalid;
    }
    if (claims.h !== hdsId) throw invalid;
    if (claims.e * 1000 <= now) throw new AuditReportError(AuditReportErrorCode.ReportLinkExpired, 'Deze rapportlink is verlopen; vraag een nieuwe aan.');
    return { from: claims.f, to: claims.t, userId: claims.u };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
