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
  /**
   * The client's id of this submission (a UUID made once per ballot and kept across retries).
   * A cast with the id of one already stored for this voter answers that cast's receipts again
   * and stores nothing. Only casts in an open poll use it; advance votes ignore it.
   */
  requestId?: string | undefined;
  /**
   * The voter's receipt key from their session (member-receipts.ts): the receipts are also kept
   * for them, sealed under it. Without one (a session from before, a test) they are not kept.
   */
  receiptKey?: Uint8Array | null | undefined;
}

export interface CastReceipt {
  memberId: string;
  receipt: string;
}
