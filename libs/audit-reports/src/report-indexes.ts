import { Index } from 'typeorm';
import { AssignmentEntity, ShiftEntity } from '@anw/rosters';

/**
 * The covering partial indexes behind the audit aggregates (created by migration
 * AuditReportIndexes1795431239785 with INCLUDE columns TypeORM cannot express). Declared on the
 * entities here with `synchronize: false`, so a generated migration neither drops nor recreates them.
 */
export const AUDIT_REPORT_INDEXES = {
  /** live diensten of an HDS by date, carrying the period, post, required count and minutes per category */
  shifts: 'shifts_live_by_hds_date',
  /** active assignments of an HDS by dienst, carrying the GP */
  assignments: 'assignments_live_by_hds',
} as const;

Index(AUDIT_REPORT_INDEXES.shifts, { synchronize: false })(ShiftEntity);
Index(AUDIT_REPORT_INDEXES.assignments, { synchronize: false })(AssignmentEntity);
