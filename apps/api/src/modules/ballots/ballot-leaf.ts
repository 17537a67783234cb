import type { Ballot, CanonicalValue } from '@plenum/ledger';

/**
 * What a ballot leaf commits to (ledger SPEC.md §5): the choice, its weight (R1, C1) and, for open
 * polls only, the member. Never a receipt, a time or a position.
 */
export function ledgerBallot(pollId: string) {
  return (b: { id: string; memberId: string | null; weight: number; choice: unknown }): Ballot => {
    const choice: Record<string, CanonicalValue> = { v: b.choice as CanonicalValue, w: b.weight };
    if (b.memberId !== null) choice.m = b.memberId;
    return { ballotId: b.id, pollId, choice };
  };
}
