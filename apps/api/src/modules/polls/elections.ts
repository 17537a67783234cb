import {
  type ElectionBallot,
  type ElectionMethod,
  type ElectionRoundResult,
  evaluateElectionRound,
  type Result,
  type StatuteConfig,
} from '@plenum/domain';
import type { Trx } from '../../db/types.ts';
import { nominatedCandidates } from '../assemblies/agenda.queries.ts';
import { Refusal } from '../refusal.ts';

/** How one ballot round of an election is run (C6), fixed when the poll is created. */
export interface ElectionConfig {
  method: ElectionMethod;
  seats: number;
  votesPerBallot: number;
  /** R22: the round is a run-off between candidates tied on the last seats of the round before. */
  tieRunOff?: boolean;
}

/**
 * The candidates and rules of a round. Round 1 takes the item's nominated candidates; a run-off or
 * further round takes the candidates the previous round named (C6 b, c).
 */
export async function electionSetup(
  trx: Trx,
  item: { id: string; details: Record<string, unknown> },
  statute: StatuteConfig,
  next?: { candidates: readonly string[]; seats: number; tieRunOff?: boolean },
): Promise<{ options: string[]; config: ElectionConfig }> {
  const nominated = await nominatedCandidates(trx, item.id);
  const options = next ? [...next.candidates] : nominated;
  if (options.length === 0) {
    throw new Refusal('election.no_candidates', 'Nominate at least one candidate before the ballot.');
  }
  const seats = next?.seats ?? Number(item.details.seats ?? 1);
  // A later round fills fewer seats: a ballot names at most one candidate per seat (C6 a).
  const votesPerBallot = Math.min(seats, Number(item.details.votesPerBallot ?? seats));
  const config: ElectionConfig = { method: statute.elections.method, seats, votesPerBallot };
  return { options, config: next?.tieRunOff ? { ...config, tieRunOff: true } : config };
}

/**
 * Counts one round with the domain (C6 a–d, run-offs); ballots as stored (`{ v, w }`). A tie on
 * the last seats stays open for the chair's lot or a run-off (R22): no random source here.
 */
export function evaluateElection(
  poll: { round: number; options: unknown[]; config: Record<string, unknown> },
  ballots: readonly { choice: unknown; weight: number }[],
  statute: StatuteConfig,
): Result<ElectionRoundResult> {
  const expanded: ElectionBallot[] = [];
  for (const b of ballots) for (let i = 0; i < b.weight; i++) expanded.push(b.choice as ElectionBallot);
  return evaluateElectionRound(
    {
      method: poll.config.method as ElectionMethod,
      seats: Number(poll.config.seats),
      votesPerBallot: Number(poll.config.votesPerBallot),
      candidates: poll.options as string[],
      round: poll.round,
      ...(poll.config.tieRunOff === true ? { tieRunOff: true } : {}),
    },
    expanded,
    null,
    statute,
  );
}
