/**
 * Poll lifecycle for yes/no items: draft → open → closed → declared, as a discriminated union and a
 * decision function `(poll, command, now) → Result<poll>`. The threshold is fixed at creation
 * (R15: the chair cannot change it live); the computed tally and the chair's declaration are kept
 * apart, and a declared result is immutable — a correction is a new record pointing at it (R29).
 */
import type { Instant } from './dates.ts';
import type { Fraction } from './fraction.ts';
import { type ItemKind, itemKindRule, type ThresholdContext } from './item-kinds.ts';
import { assertNever, fail, ok, type Result } from './result.ts';
import type { RollSnapshot } from './roll.ts';
import { effectiveThreshold, type QuorumRule, type StatuteConfig } from './statute.ts';
import { type Attendance, computeTally, type Tally, type VoteCounts } from './tally.ts';

interface PollBase {
  readonly id: string;
  readonly itemId: string;
  readonly itemKind: ItemKind;
  readonly threshold: Fraction;
  readonly quorum: QuorumRule;
  readonly secret: boolean;
}

/** The chair's declaration of a result (R29); corrections point at the record they replace. */
export interface Declaration {
  readonly id: string;
  readonly pollId: string;
  readonly declaredAt: Instant;
  readonly declaredBy: string;
  readonly outcome: 'passed' | 'failed';
  readonly text: string;
  /** Why the declared outcome differs from the computed tally, if it does. */
  readonly deviationReason?: string;
  /** For a correction: the id of the declaration it corrects, and why. */
  readonly corrects?: string;
  readonly correctionReason?: string;
}

/**
 * What the lifecycle keeps of the roll frozen at opening (R3): its totals. The entries themselves
 * are stored with the poll and read by the cast and count paths, not by the lifecycle.
 */
export type RollTotals = Pick<RollSnapshot, 'pollId' | 'votesAvailable' | 'votesExcluded'>;

/** A poll being prepared. */
export type DraftPoll = PollBase & { readonly status: 'draft' };
/** A poll accepting votes; its roll was frozen when it opened (R3). */
export type OpenPoll = PollBase & {
  readonly status: 'open';
  readonly openedAt: Instant;
  readonly roll: RollTotals;
};
/** A closed poll with its computed tally (tallies exist only after close, R23). */
export type ClosedPoll = Omit<OpenPoll, 'status'> & {
  readonly status: 'closed';
  readonly closedAt: Instant;
  readonly tally: Tally;
};
/** A declared poll: decided and immutable (R29). */
export type DeclaredPoll = Omit<ClosedPoll, 'status'> & {
  readonly status: 'declared';
  readonly declaration: Declaration;
};
/** A poll in any state. */
export type Poll = DraftPoll | OpenPoll | ClosedPoll | DeclaredPoll;

/** Commands on a poll. */
export type PollCommand =
  | { readonly type: 'open'; readonly roll: RollSnapshot }
  | { readonly type: 'close'; readonly counts: VoteCounts; readonly attendance?: Attendance }
  | {
      readonly type: 'declare';
      readonly declarationId: string;
      readonly declaredBy: string;
      readonly outcome: 'passed' | 'failed';
      readonly text: string;
      readonly deviationReason?: string;
    };

/** Input of {@link createPoll}. */
export interface CreatePollInput extends ThresholdContext {
  readonly id: string;
  readonly itemId: string;
  readonly itemKind: ItemKind;
  readonly statute: StatuteConfig;
  /** Decided before opening (R24, {@link secretBallotDecision}); defaults to the kind's default. */
  readonly secret?: boolean;
}

/** Creates a draft poll with its threshold fixed from the item kind and the statute (R14, R15). */
export function createPoll(input: CreatePollInput): Result<DraftPoll> {
  const rule = itemKindRule(input.itemKind);
  if (rule.decision !== 'majority') {
    return fail(
      'poll.item_not_votable',
      `Items of kind ${input.itemKind} are not decided by a yes/no poll.`,
      {
        decision: rule.decision,
      },
    );
  }
  return ok({
    status: 'draft',
    id: input.id,
    itemId: input.itemId,
    itemKind: input.itemKind,
    threshold: effectiveThreshold(input.itemKind, input.statute, input),
    quorum: input.statute.quorum,
    secret: input.secret ?? rule.defaultSecret,
  });
}

/** The poll lifecycle decision: returns the next state or a refusal. Closing twice is harmless. */
export function decidePoll(poll: Poll, command: PollCommand, now: Instant): Result<Poll> {
  switch (command.type) {
    case 'open':
      if (poll.status !== 'draft') return fail('poll.not_draft', 'Only a draft poll can be opened.');
      if (command.roll.pollId !== poll.id)
        return fail('poll.roll_mismatch', 'The roll belongs to another poll.');
      return ok({
        ...poll,
        status: 'open',
        openedAt: now,
        roll: {
          pollId: command.roll.pollId,
          votesAvailable: command.roll.votesAvailable,
          votesExcluded: command.roll.votesExcluded,
        },
      });
    case 'close':
      return closePoll(poll, command, now);
    case 'declare':
      return declarePoll(poll, command, now);
    default:
      return assertNever(command);
  }
}

function closePoll(poll: Poll, command: Extract<PollCommand, { type: 'close' }>, now: Instant): Result<Poll> {
  if (poll.status === 'closed' || poll.status === 'declared') return ok(poll);
  if (poll.status === 'draft') return fail('poll.not_open', 'A draft poll cannot be closed.');
  const tally = computeTally({
    counts: command.counts,
    excluded: poll.roll.votesExcluded,
    threshold: poll.threshold,
    quorum: poll.quorum,
    votesAvailable: poll.roll.votesAvailable,
    ...(command.attendance === undefined ? {} : { attendance: command.attendance }),
  });
  if (!tally.ok) return tally;
  return ok({ ...poll, status: 'closed', closedAt: now, tally: tally.value });
}

function declarePoll(
  poll: Poll,
  command: Extract<PollCommand, { type: 'declare' }>,
  now: Instant,
): Result<Poll> {
  if (poll.status === 'declared')
    return fail('poll.already_declared', 'A declared result is immutable; correct it.');
  if (poll.status !== 'closed') return fail('poll.not_closed', 'Only a closed poll can be declared.');
  const computed = poll.tally.passed ? 'passed' : 'failed';
  const deviation = command.deviationReason?.trim() ?? '';
  if (command.outcome !== computed && deviation === '') {
    return fail(
      'poll.declaration_contradicts_tally',
      'The declared outcome differs from the tally; give the reason.',
      {
        computed,
        declared: command.outcome,
      },
    );
  }
  const declaration: Declaration = {
    id: command.declarationId,
    pollId: poll.id,
    declaredAt: now,
    declaredBy: command.declaredBy,
    outcome: command.outcome,
    text: command.text,
    ...(deviation === '' ? {} : { deviationReason: deviation }),
  };
  return ok({ ...poll, status: 'declared', declaration });
}

/** A correction of a declared result (R29): appended, attributed, pointing at what it corrects. */
export interface CorrectionCommand {
  readonly declarationId: string;
  readonly pollId: string;
  readonly declaredBy: string;
  readonly outcome: 'passed' | 'failed';
  readonly text: string;
  readonly reason: string;
}

/** R29: builds the correction record; the previous declaration is left untouched. */
export function correctDeclaration(
  previous: Declaration,
  command: CorrectionCommand,
  now: Instant,
): Result<Declaration> {
  if (command.pollId !== previous.pollId) {
    return fail('poll.correction_of_other_poll', 'A correction must concern the same poll.');
  }
  if (command.reason.trim() === '')
    return fail('poll.correction_reason_required', 'A correction states its reason.');
  return ok({
    id: command.declarationId,
    pollId: previous.pollId,
    declaredAt: now,
    declaredBy: command.declaredBy,
    outcome: command.outcome,
    text: command.text,
    corrects: previous.id,
    correctionReason: command.reason.trim(),
  });
}

/** The declaration in force: the last one in the correction chain starting at `original`. */
export function currentDeclaration(original: Declaration, corrections: readonly Declaration[]): Declaration {
  let current = original;
  for (let next = corrections.find((c) => c.corrects === current.id); next !== undefined; ) {
    current = next;
    next = corrections.find((c) => c.corrects === current.id);
  }
  return current;
}
