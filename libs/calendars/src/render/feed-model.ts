/** Who a feed is for: one GP's own diensten, one post's, or the whole HDS's (planners). */
export enum FeedKind {
  Gp = 'gp',
  Post = 'post',
  Hds = 'hds',
}

export enum FeedShiftStatus {
  Confirmed = 'confirmed',
  /** A pending swap or claim involves this dienst (see TentativeShiftSource). */
  Tentative = 'tentative',
  Cancelled = 'cancelled',
}

export enum CancelReason {
  /** The dienst itself was removed from the roster. */
  Removed = 'removed',
  /** This GP no longer stands on it (unassigned, traded away). */
  Unassigned = 'unassigned',
}

/** One dienst as a feed shows it; plain data, no database types. */
export interface FeedShift {
  id: string;
  postId: string;
  code: string;
  role: string;
  startMs: number;
  endMs: number;
  /** The shift's revision: the iCal SEQUENCE. */
  revision: number;
  /** When the dienst last changed for this feed (DTSTAMP, LAST-MODIFIED). */
  changedMs: number;
  status: FeedShiftStatus;
  cancelReason?: CancelReason;
  /** Post and HDS feeds only (planners): who stands on it and how many are needed. */
  gpNames?: readonly string[];
  required?: number;
}

export interface FeedPost {
  name: string;
  address: string;
}

export interface FeedSpec {
  kind: FeedKind;
  /** The calendar's name as clients show it. */
  title: string;
  description: string;
  /** The HDS's start of the evening category ('HH:mm'). */
  eveningStart: string;
  posts: ReadonlyMap<string, FeedPost>;
  shifts: readonly FeedShift[];
}
