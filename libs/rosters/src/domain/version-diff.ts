import type { VersionShift } from '../entities/roster-version.entity.js';

export interface VersionDiff {
  added: VersionShift[];
  removed: VersionShift[];
  moved: { before: VersionShift; after: VersionShift }[];
  reassigned: { shift: VersionShift; gpsAdded: string[]; gpsRemoved: string[] }[];
}

/** What changed between two frozen versions of a period: added, removed, moved, reassigned diensten. */
export function diffVersions(from: readonly VersionShift[], to: readonly VersionShift[]): VersionDiff {
  const before = new Map(from.map((s) => [s.id, s]));
  const after = new Map(to.map((s) => [s.id, s]));
  const diff: VersionDiff = { added: [], removed: [], moved: [], reassigned: [] };
  for (const [id, s] of after) {
    const old = before.get(id);
    if (!old) {
      diff.added.push(s);
      continue;
    }
    if (old.startAt !== s.startAt || old.endAt !== s.endAt || old.postId !== s.postId || old.required !== s.required || old.role !== s.role) {
      diff.moved.push({ before: old, after: s });
    }
    const gpsAdded = s.gpIds.filter((g) => !old.gpIds.includes(g));
    const gpsRemoved = old.gpIds.filter((g) => !s.gpIds.includes(g));
    if (gpsAdded.length > 0 || gpsRemoved.length > 0) diff.reassigned.push({ shift: s, gpsAdded, gpsRemoved });
  }
  for (const [id, s] of before) if (!after.has(id)) diff.removed.push(s);
  return diff;
}
