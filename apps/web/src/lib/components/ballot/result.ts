import type { AgendaItemView, PollView } from '$lib/api/member';
import type { LiveResult } from '$lib/live';

export interface Fraction {
  readonly num: number;
  readonly den: number;
}

export interface MajorityResult {
  readonly kind: 'majority';
  readonly outcome: 'passed' | 'failed';
  readonly counts: {
    readonly yes: number;
    readonly no: number;
    readonly abstain: number;
    readonly invalid: number;
  };
  readonly excluded: number;
  readonly threshold: Fraction | null;
  readonly text: string;
}

export interface ElectionRow {
  readonly candidateId: string;
  readonly name: string;
  readonly votes: number;
  readonly elected: boolean;
  readonly byLot: boolean;
}

export interface ElectionResult {
  readonly kind: 'election';
  readonly outcome: 'passed' | 'failed';
  readonly rows: readonly ElectionRow[];
  readonly abstentions: number;
  readonly invalid: number;
  readonly validBallots: number;
  readonly text: string;
}

export type ResultData = MajorityResult | ElectionResult;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function outcomeOf(value: unknown): 'passed' | 'failed' {
  return value === 'passed' ? 'passed' : 'failed';
}

/** The declared result of a poll, from its view (tally + declaration); null until declared. */
export function resultOfPoll(poll: PollView, item: AgendaItemView | undefined): ResultData | null {
  if (poll.status !== 'declared' || !poll.tally) return null;
  const tally = poll.tally as Record<string, unknown>;
  const text = poll.declaration?.text ?? '';
  const outcome = outcomeOf(poll.declaration?.outcome);
  if (poll.kind === 'election') {
    const elected = new Map(
      ((tally.elected as { candidateId: string; byLot: boolean }[] | undefined) ?? []).map(
        (e) => [e.candidateId, e.byLot] as const,
      ),
    );
    const votes = (tally.votes as { candidateId: string; votes: number }[] | undefined) ?? [];
    return {
      kind: 'election',
      outcome,
      rows: votes.map((v) => ({
        candidateId: v.candidateId,
        name: item?.candidates.find((c) => c.memberId === v.candidateId)?.name ?? v.candidateId,
        votes: num(v.votes),
        elected: elected.has(v.candidateId),
        byLot: elected.get(v.candidateId) ?? false,
      })),
      abstentions: num(tally.abstentions),
      invalid: num(tally.invalidBallots),
      validBallots: num(tally.validBallots),
      text,
    };
  }
  const counts = (tally.counts as Record<string, unknown> | undefined) ?? {};
  return {
    kind: 'majority',
    outcome,
    counts: {
      yes: num(counts.yes),
      no: num(counts.no),
      abstain: num(counts.abstain),
      invalid: num(counts.invalid),
    },
    excluded: num(tally.excluded),
    threshold: poll.threshold,
    text,
  };
}

/** The live declared result of a motion (the snapshot carries counts, not candidates). */
export function resultOfLive(result: LiveResult, threshold: Fraction | null): MajorityResult {
  return {
    kind: 'majority',
    outcome: result.outcome,
    counts: result.counts,
    excluded: result.excluded,
    threshold,
    text: result.text,
  };
}

/** Yes votes needed to pass with these yes+no votes (R13, R14: yes > no and den·yes ≥ num·base). */
export function yesNeeded(base: number, threshold: Fraction): number {
  if (base === 0) return 1;
  const share = Math.ceil((threshold.num * base) / threshold.den);
  return Math.max(share, Math.floor(base / 2) + 1);
}

export function isSimpleMajority(threshold: Fraction): boolean {
  return threshold.num * 2 === threshold.den;
}
