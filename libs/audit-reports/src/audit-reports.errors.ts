import { AppError, ErrorKind, type FieldProblem } from '@anw/platform';

export enum AuditReportErrorCode {
  RangeInvalid = 'audit_range_invalid',
  RegionNotFound = 'region_not_found',
  HdsNotFound = 'hds_not_found',
  ReportLinkInvalid = 'report_link_invalid',
  ReportLinkExpired = 'report_link_expired',
}

const KIND: Record<AuditReportErrorCode, ErrorKind> = {
  [AuditReportErrorCode.RangeInvalid]: ErrorKind.BadInput,
  [AuditReportErrorCode.RegionNotFound]: ErrorKind.NotFound,
  [AuditReportErrorCode.HdsNotFound]: ErrorKind.NotFound,
  // A link is its own credential: a bad or stale one is refused like a missing grant.
  [AuditReportErrorCode.ReportLinkInvalid]: ErrorKind.Forbidden,
  [AuditReportErrorCode.ReportLinkExpired]: ErrorKind.Forbidden,
};

export class AuditReportError extends AppError {
  constructor(code: AuditReportErrorCode, message: string, errors?: FieldProblem[]) {
    super(code, KIND[code], message, errors);
  }
}
