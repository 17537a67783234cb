import {
  computeTally,
  countBallots,
  type ElectionBallot,
  type ElectionMethod,
  evaluateElectionRound,
  motionChoice,
  type QuorumRule,
  type StatuteConfig,
} from '@plenum/domain';
import { type CanonicalObject, canonicalString } from '../canonical.ts';
import type { BundleBallot, Fraction } from './bundle.ts';
import type { Report } from './violations.ts';

/** What the verifier knows about a poll from the ledger (poll.created / poll.opened) and the bundle. */
export type TallyContext = {
  readonly where: string;
  readonly kind: 'majority' | 'election';
  readonly threshold: Fraction;
  readonly options: readonly string[];
  readonly round: number;
  readonly config: CanonicalObject;
  readonly votesAvailable: number;
  readonly votesExcluded: number;
  readonly statute: StatuteConfig;
};

/**
 * Recounts a closed poll with @plenum/domain and compares the result with the tally recorded in
 * `poll.closed`. Majority polls: countBallots + computeTally (R12–R15, C4). Elections:
 * evaluateElectionRound (C6, R22) with the recorded lot replayed (see replayLot).
 */
export function checkTally(
  ctx: TallyContext,
  ballots: readonly BundleBallot[],
  recorded: CanonicalObject,
  report: Report,
): void {
  const recount =
    ctx.kind === 'election'
      ? electionRecount(ctx, ballots, recorded, report)
      : majority(ctx, ballots, recorded);
  if (recount === null) return;
  if (canonicalString(recount) !== canonicalString(recorded)) {
    report(
      'poll.tally_mismatch',
      ctx.where,
      `recounting the ballots gives ${summary(recount)}, the ledger records ${summary(recorded)}`,
    );
  }
}

function majority(
  ctx: TallyContext,
  ballots: readonly BundleBallot[],
  recorded: CanonicalObject,
): CanonicalObject | null {
  // C4: the members present or represented at the close, as recorded with the tally (only when the
  // statute sets a quorum); the recount checks the decision drawn from them.
  const attendance = recorded.attendance as { presentMembers: number; totalMembers: number } | undefined;
  const counts = countBallots(
    ballots.map((b) => ({ choice: motionChoice(b.choice.v), weight: Number(b.choice.w) })),
  );
  const tally = computeTally({
    counts,
    excluded: ctx.votesExcluded,
    threshold: ctx.threshold,
    quorum: ctx.statute.quorum as QuorumRule,
    votesAvailable: ctx.votesAvailable,
    ...(attendance === undefined ? {} : { attendance }),
  });
  if (!tally.ok) return { refused: tally.reason };
  const value = tally.value as unknown as CanonicalObject;
  return attendance === undefined ? value : { ...value, attendance };
}

function electionRecount(
  ctx: TallyContext,
  ballots: readonly BundleBallot[],
  recorded: CanonicalObject,
  report: Report,
): CanonicalObject | null {
  const lots = (recorded.lots ?? []) as readonly { among: string[]; seats: number; winners: string[] }[];
  const lot = lots[0];
  if (lot !== undefined && !lotValid(lot)) {
    report('poll.lot_invalid', ctx.where, 'the recorded lot winners are not among the tied candidates');
    return null;
  }
  // R22: a tie recorded without a lot was left open for the chair (or a run-off): recount
  // without a random source. An older record with its lot replays that draw.
  const random = lot === undefined ? null : replayLot(lot.among, lot.winners);
  const expanded: ElectionBallot[] = [];
  for (const b of ballots) for (let i = 0; i < Number(b.choice.w); i++) expanded.push(b.choice.v as never);
  const result = evaluateElectionRound(
    {
      method: ctx.config.method as ElectionMethod,
      seats: Number(ctx.config.seats),
      votesPerBallot: Number(ctx.config.votesPerBallot),
      candidates: ctx.options,
      round: ctx.round,
      ...(ctx.config.tieRunOff === true ? { tieRunOff: true } : {}),
    },
    expanded,
    random,
    ctx.statute,
  );
  if (result.ok && result.value.tie !== undefined && recorded.tie === undefined) {
    report(
      'poll.lot_missing',
      ctx.where,
      'the recount ends in a tie on the last seats, but no lot is recorded',
    );
    return null;
  }
  if (!result.ok) return { refused: result.reason };
  return {
    ...(result.value as unknown as CanonicalObject),
    excluded: ctx.votesExcluded,
    ballots: ballots.length,
  };
}

function lotValid(lot: { among: string[]; seats: number; winners: string[] }): boolean {
  return (
    Array.isArray(lot.among) &&
    Array.isArray(lot.winners) &&
    lot.winners.length === lot.seats &&
    new Set(lot.winners).size === lot.winners.length &&
    lot.winners.every((w) => lot.among.includes(w))
  );
}

/**
 * A random source that makes the domain's drawLots (a Fisher–Yates shuffle of the sorted pool,
 * winners = the first `seats`) produce exactly the recorded winners. Lots are random by design
 * (R22), so they cannot be recomputed; the verifier checks instead that the winners were among
 * the tied candidates and that everything else follows from the ballots given that draw.
 */
export function replayLot(among: readonly string[], winners: readonly string[]): () => number {
  const pool = [...new Set(among)].sort();
  const target = [...winners, ...pool.filter((c) => !winners.includes(c))];
  const draws: number[] = [];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = pool.indexOf(target[i] as string);
    draws.push((j + 0.5) / (i + 1));
    [pool[i], pool[j]] = [pool[j] as string, pool[i] as string];
  }
  let next = 0;
  return () => draws[next++] ?? 0;
}

function summary(tally: CanonicalObject): string {
  if (tally.counts !== undefined) {
    const c = tally.counts as Record<string, number>;
    return `yes ${c.yes}, no ${c.no}, abstain ${c.abstain}, invalid ${c.invalid}, passed ${String(tally.passed)}`;
  }
  if (tally.votes !== undefined) {
    const votes = (tally.votes as { candidateId: string; votes: number }[]).map(
      (v) => `${v.candidateId}=${v.votes}`,
    );
    return `votes ${votes.join(' ')}, outcome ${String(tally.outcome)}`;
  }
  return canonicalString(tally);
}
