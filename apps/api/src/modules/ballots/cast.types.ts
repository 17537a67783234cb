export interface CastVote {
  /** Whose vote: the voter's own member id, a represented member's, or a principal's. */
  memberId: string;
  choice: unknown;
}

export interface CastInput {
  pollId: string;
  /** The logged-in member casting (in person or online). */
  voterId: string;
  votes: CastVote[];
}

export interface CastReceipt {
  memberId: string;
  receipt: string;
}
