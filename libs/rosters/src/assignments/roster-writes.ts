import { Injectable } from '@nestjs/common';
import { prepared } from '@anw/platform';
import type { EntityManager } from 'typeorm';
import { AssignmentSource } from '../entities/assignment.entity.js';

/** One GP off a dienst and/or another on (either may be null: a position is left or filled). */
export interface AssignmentMove {
  shiftId: string;
  fromGpId: string | null;
  toGpId: string | null;
}

export interface MoveOptions {
  hdsId: string;
  moves: readonly AssignmentMove[];
  source: AssignmentSource;
  at: Date;
  /** Raise the diensten's revision (the iCal SEQUENCE); false only for drafts, which no calendar shows. */
  revise?: boolean;
}

/**
 * The one write path of who is on a dienst: planners' assignments, picks, trades and the
 * distribution's apply all change `assignments` (and the diensten's revisions) here, inside the
 * caller's transaction (its EntityManager). Callers hold the diensten's row locks and have
 * checked the hard rules (RuleCheckService) and whatever else their context asks.
 */
@Injectable()
export class RosterWrites {
  /**
   * The moves in one statement: each `fromGpId` taken off their dienst (removed_at kept for the
   * history and the feeds), each `toGpId` put on, and every dienst touched raised one revision.
   * Returns how many `fromGpId`s were on their dienst: fewer than asked means the crew changed,
   * and the caller throws (its transaction then keeps nothing).
   */
  async move(m: EntityManager, { hdsId, moves, source, at, revise = true }: MoveOptions): Promise<{ removed: number; expected: number }> {
    if (moves.length === 0) return { removed: 0, expected: 0 };
    const { rows } = await prepared<{ removed: number }>(
      m,
      'rosters.move-assignments',
      `WITH t AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS t(shift_id, from_gp_id, to_gp_id)),
            gone AS (UPDATE assignments a SET removed_at = $5 FROM t
                      WHERE a.shift_id = t.shift_id AND a.gp_id = t.from_gp_id AND a.removed_at IS NULL RETURNING a.id),
            added AS (INSERT INTO assignments (hds_id, shift_id, gp_id, source) SELECT $4, t.shift_id, t.to_gp_id, $6 FROM t WHERE t.to_gp_id IS NOT NULL),
            revised AS (UPDATE shifts SET revision = revision + 1, updated_at = now() WHERE $7 AND id IN (SELECT shift_id FROM t))
       SELECT count(*)::int AS removed FROM gone`,
      [moves.map((x) => x.shiftId), moves.map((x) => x.fromGpId), moves.map((x) => x.toGpId), hdsId, at, source, revise],
    );
    return { removed: rows[0].removed, expected: moves.filter((x) => x.fromGpId !== null).length };
  }

  /** Many GPs onto diensten of a draft (the distribution's apply), in batches; no revisions (no calendar shows a draft). */
  async addMany(m: EntityManager, { hdsId, rows, source, at }: { hdsId: string; rows: readonly { shiftId: string; gpId: string }[]; source: AssignmentSource; at: Date }): Promise<void> {
    for (let i = 0; i < rows.length; i += 1000) {
      await this.move(m, { hdsId, moves: rows.slice(i, i + 1000).map((r) => ({ shiftId: r.shiftId, fromGpId: null, toGpId: r.gpId })), source, at, revise: false });
    }
  }

  /** Every GP off a removed dienst. */
  async clear(m: EntityManager, { shiftId, at }: { shiftId: string; at: Date }): Promise<void> {
    await m.query('UPDATE assignments SET removed_at = $2 WHERE shift_id = $1 AND removed_at IS NULL', [shiftId, at]);
  }

  /** Calendars see a change of these diensten: the iCal SEQUENCE rises. */
  async revise(m: EntityManager, { shiftIds }: { shiftIds: readonly string[] }): Promise<void> {
    await m.query('UPDATE shifts SET revision = revision + 1, updated_at = now() WHERE id = ANY($1::uuid[])', [[...new Set(shiftIds)]]);
  }
}
