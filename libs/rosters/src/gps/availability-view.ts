import { localIso } from '@anw/time';
import type { AvailabilityEntity, AvailabilityKind } from '../entities/availability.entity.js';

export interface AvailabilityInput {
  kind: AvailabilityKind;
  /** Local wall-clock time in Europe/Amsterdam, `2027-02-15T00:00`. */
  startAt: string;
  endAt: string;
  note?: string;
  /** wants and avoids: 1–3 (default 1); absences and blocked dates ignore it */
  weight?: number;
}

export interface AvailabilityView {
  id: string;
  gpId: string;
  kind: AvailabilityKind;
  /** Local wall-clock times (Europe/Amsterdam), as entered. */
  startAt: string;
  endAt: string;
  /** The same instants in UTC, unambiguous across the autumn clock change. */
  startUtc: string;
  endUtc: string;
  note: string;
  weight: number;
  enteredBy: string | null;
  createdAt: string;
}

export function toView(a: AvailabilityEntity): AvailabilityView {
  return {
    id: a.id,
    gpId: a.gpId,
    kind: a.kind,
    startAt: localIso(a.startAt),
    endAt: localIso(a.endAt),
    startUtc: a.startAt.toISOString(),
    endUtc: a.endAt.toISOString(),
    note: a.note,
    weight: a.weight,
    enteredBy: a.enteredBy,
    createdAt: a.createdAt.toISOString(),
  };
}
