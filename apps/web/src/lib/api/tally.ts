import type { ElectionTally, MajorityTally, PollView } from '@plenum/contracts';

// The tally of a closed poll is a motion's or an election round's (Tally in @plenum/contracts);
// these pick the one the screen shows, or null before the close.

export function majorityTally(poll: PollView | undefined): MajorityTally | null {
  const tally = poll?.tally;
  return tally && 'counts' in tally ? tally : null;
}

export function electionTally(poll: PollView | undefined): ElectionTally | null {
  const tally = poll?.tally;
  return tally && 'elected' in tally ? tally : null;
}
