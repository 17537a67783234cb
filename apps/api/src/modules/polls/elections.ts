import {
  type ElectionBallot,
  type ElectionMethod,
  type ElectionRoundResult,
  evaluateElectionRound,
  type RandomSource,
  type Result,
  type StatuteConfig,
} from '@plenum/domain';
import type { Trx } from '../../db/types.ts';
import type { Random } from '../../deps.ts';
import { nominatedCandidates } from '../assemblies/agenda.queries.ts';
import { Refusal } from '../refusal.ts';

/** How one ballot round of an election is run (C6), fixed when the poll is created. */
export interface ElectionConfig {
  method: ElectionMethod;
  seats: number;
  votesPerBallot: number;
}

/**
 * The candidates and rules of a round. Round 1 takes the item's nominated candidates; a run-off or
 * further round takes the candidates the previous round named (C6 b, c).
 */
export async function electionSetup(
  trx: Trx,
  item: { id: string; details: Record<string, unknown> },
  statute: StatuteConfig,
  next?: { candidates: readonly string[]; seats: number },
): Promise<{ options: string[]; config: ElectionConfig }> {
  const nominated = await nominatedCandidates(trx, item.id);
  const options = next ? [...next.candidates] : nominated;
  if (options.length === 0) {
    throw new Refusal('election.no_candidates', 'Nominate at least one candidate before the ballot.');
  }
  const seats = next?.seats ?? Number(item.details.seats ?? 1);
  const votesPerBallot = Number(item.details.votesPerBallot ?? seats);
  return { options, config: { method: statute.elections.method, seats, votesPerBallot } };
}

/** The domain's random source (ties by lot, R22) drawn from the injected byte source. */
export function randomSource(random: Random): RandomSource {
  return () => {
    const b = random.bytes(6);
    let n = 0;
    for (const x of b) n = n * 256 + x;
    return n / 2 ** 48;
  };
}

/** Counts one round with the domain (C6 a–d, run-offs, lots); ballots as stored (`{ v, w }`). */
export function evaluateElection(
  poll: { round: number; options: unknown[]; config: Record<string, unknown> },
  ballots: readonly { choice: unknown; weight: number }[],
  statute: StatuteConfig,
  random: Random,
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
    },
    expanded,
    randomSource(random),
    statute,
  );
}
