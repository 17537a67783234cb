import type { StatuteConfig } from '@plenum/domain';
import { type CanonicalObject, canonicalString } from '../canonical.ts';
import type { HashedEntry } from '../chain.ts';
import { isEntryOf } from '../event-types.ts';
import { type Ballot, type PollClose, verifyPollClose } from '../poll-record.ts';
import { type BundleBallot, type BundlePoll, type Fraction, participationRoot, rollRoot } from './bundle.ts';
import { checkHall } from './verify-hall.ts';
import { checkLot, lotBefore } from './verify-lot.ts';
import { checkTally } from './verify-tally.ts';
import type { Report } from './violations.ts';

type PollEntries = {
  created?: HashedEntry;
  opened?: HashedEntry;
  closed?: HashedEntry;
  batches: HashedEntry[];
  declared: HashedEntry[];
  lots: HashedEntry[];
};

/** The ledger entries of one poll, by what they record (SPEC.md §3). */
export function entriesOfPoll(entries: readonly HashedEntry[], pollId: string): PollEntries {
  const out: PollEntries = { batches: [], declared: [], lots: [] };
  for (const e of entries) {
    if (e.payload.pollId !== pollId) continue;
    if (isEntryOf(e, 'poll.created')) out.created = e;
    else if (isEntryOf(e, 'poll.opened')) out.opened = e;
    else if (isEntryOf(e, 'poll.closed')) out.closed = e;
    else if (isEntryOf(e, 'ballots.chained')) out.batches.push(e);
    else if (isEntryOf(e, 'poll.declared')) out.declared.push(e);
    else if (isEntryOf(e, 'election.lot_drawn')) out.lots.push(e);
  }
  return out;
}

const asBallot = (pollId: string, b: BundleBallot): Ballot => ({
  ballotId: b.ballotId,
  pollId,
  choice: b.choice,
});

/** Every check of one poll: roll, one-vote invariants, one commitment at close, tally, declarations. */
export function verifyPoll(
  poll: BundlePoll,
  entries: readonly HashedEntry[],
  statute: StatuteConfig,
  report: Report,
  form?: string,
): void {
  const where = `poll ${poll.id}`;
  const e = entriesOfPoll(entries, poll.id);
  if (e.created === undefined) report('poll.not_in_ledger', where, 'no poll.created entry records this poll');
  if (e.opened !== undefined) checkRoll(poll, e.opened, where, report);
  else if (poll.openedAt !== null)
    report('poll.not_in_ledger', where, 'no poll.opened entry records the opening');
  checkParticipants(poll, where, report);
  checkBallotMembers(poll, where, report);
  checkNoBatches(e, where, report);
  if (e.closed !== undefined) checkClose(poll, e, statute, where, report);
  else if (poll.status === 'closed' || poll.status === 'declared')
    report('poll.not_in_ledger', where, 'no poll.closed entry records the close');
  const hallTally = checkHall(poll, entries, statute, form, report);
  checkLot(poll, e.closed, e.lots, e.declared.length > 0, where, report);
  checkDeclarations(poll, e, where, report, hallTally);
}

function checkRoll(poll: BundlePoll, opened: HashedEntry, where: string, report: Report): void {
  const p = opened.payload;
  if (rollRoot(poll.roll) !== p.rollRoot)
    report(
      'poll.roll_root',
      where,
      `the roll snapshot does not match rollRoot of ledger entry ${opened.seq}`,
    );
  const sortEx = (xs: readonly CanonicalObject[]) =>
    xs.map((x) => canonicalString({ personId: x.personId ?? null, reason: x.reason ?? null })).sort();
  const recorded = sortEx((p.exclusions ?? []) as CanonicalObject[]);
  if (canonicalString(sortEx(poll.excluded as unknown as CanonicalObject[])) !== canonicalString(recorded))
    report('poll.exclusions_mismatch', where, `excluded persons differ from ledger entry ${opened.seq}`);
  if (poll.votesAvailable !== p.votesAvailable || poll.votesExcluded !== p.votesExcluded)
    report('poll.votes_mismatch', where, `votes available/excluded differ from ledger entry ${opened.seq}`);
}

/** R5/R10: each member takes part once, only from the roll, never while excluded (§43(6)). */
function checkParticipants(poll: BundlePoll, where: string, report: Report): void {
  const roll = new Map(poll.roll.map((r) => [r.memberId, r]));
  const excludedPersons = new Set(poll.excluded.map((x) => x.personId));
  const seen = new Set<string>();
  for (const p of poll.participation) {
    if (seen.has(p.memberId))
      report('poll.duplicate_participant', where, `member ${p.memberId} took part twice`);
    seen.add(p.memberId);
    const entry = roll.get(p.memberId);
    if (entry?.status === 'excluded')
      report(
        'poll.excluded_participant',
        where,
        `member ${p.memberId} took part but is excluded (${entry.reason})`,
      );
    else if (entry?.status !== 'eligible')
      report('poll.not_on_roll', where, `member ${p.memberId} took part but is not eligible on the roll`);
    if (p.castBy !== null && excludedPersons.has(p.castBy))
      report('poll.excluded_caster', where, `${p.castBy} cast a vote for ${p.memberId} but is excluded`);
  }
}

/** Open polls name the member in the ballot (`m`); secret polls never do (SPEC.md §5). */
function checkBallotMembers(poll: BundlePoll, where: string, report: Report): void {
  const roll = new Map(poll.roll.map((r) => [r.memberId, r]));
  const participants = new Set(poll.participation.map((p) => p.memberId));
  const seenIds = new Set<string>();
  const seenMembers = new Set<string>();
  for (const b of poll.ballots) {
    if (seenIds.has(b.ballotId)) report('poll.duplicate_ballot', where, `ballot ${b.ballotId} appears twice`);
    seenIds.add(b.ballotId);
    const m = b.choice.m;
    if (poll.secret) {
      if (m !== undefined)
        report('poll.secret_ballot_named', where, `secret ballot ${b.ballotId} names a member`);
      continue;
    }
    if (typeof m !== 'string') {
      report('poll.ballot_unnamed', where, `open ballot ${b.ballotId} names no member`);
      continue;
    }
    if (seenMembers.has(m)) report('poll.duplicate_voter', where, `member ${m} has more than one ballot`);
    seenMembers.add(m);
    if (roll.get(m)?.status === 'excluded')
      report(
        'poll.excluded_ballot',
        where,
        `ballot ${b.ballotId} is from member ${m}, who is excluded (${roll.get(m)?.reason})`,
      );
    if (!participants.has(m))
      report(
        'poll.ballot_without_participation',
        where,
        `ballot ${b.ballotId} is from ${m}, who is not on the participation list`,
      );
  }
}

/**
 * §3: a poll's ballots are committed once, all together, by its close. An entry that names a
 * smaller group of them (with the time it was written) would narrow a secret choice down to the
 * members who voted in that window, so its mere presence is a violation.
 */
function checkNoBatches(e: PollEntries, where: string, report: Report): void {
  for (const batch of e.batches)
    report(
      'poll.partial_commitment',
      where,
      `ledger entry ${batch.seq} commits to part of the poll's ballots before the close`,
    );
}

function checkClose(poll: BundlePoll, e: PollEntries, statute: StatuteConfig, where: string, report: Report) {
  const closed = e.closed as HashedEntry;
  const p = closed.payload;
  const ballots = poll.ballots.map((b) => asBallot(poll.id, b));
  for (const v of verifyPollClose(p as unknown as PollClose, ballots, poll.receipts))
    report(v.code, where, `${v.message} (ledger entry ${closed.seq})`);
  if (poll.participation.length !== poll.ballots.length)
    report(
      'poll.participation_mismatch',
      where,
      `${poll.participation.length} participants but ${poll.ballots.length} ballots`,
    );
  if (p.participation !== poll.participation.length)
    report(
      'poll.participation_count',
      where,
      `${poll.participation.length} participants, the close records ${p.participation}`,
    );
  if (participationRoot(poll.participation) !== p.participationRoot)
    report(
      'poll.participation_root',
      where,
      `the participation list does not match participationRoot of ledger entry ${closed.seq}`,
    );
  const recorded = p.tally as CanonicalObject;
  if (poll.tally === null || canonicalString(poll.tally) !== canonicalString(recorded))
    report(
      'poll.tally_altered',
      where,
      `the result in the bundle differs from the one recorded in ledger entry ${closed.seq}`,
    );
  const created = e.created?.payload ?? {};
  const opened = e.opened?.payload ?? {};
  checkTally(
    {
      where,
      kind: poll.kind,
      threshold: (created.threshold ?? poll.threshold) as Fraction,
      options: (created.options ?? poll.options) as string[],
      round: Number(created.round ?? poll.round),
      config: poll.config,
      votesAvailable: Number(opened.votesAvailable ?? poll.votesAvailable),
      votesExcluded: Number(opened.votesExcluded ?? poll.votesExcluded),
      statute,
    },
    poll.ballots,
    recorded,
    report,
  );
}

/** R29: the declaration in the bundle is the recorded one; a deviation from the tally has a reason. */
function checkDeclarations(
  poll: BundlePoll,
  e: PollEntries,
  where: string,
  report: Report,
  hallTally: CanonicalObject | null,
): void {
  // R27: a poll counted in the hall is declared on the electronic ballots plus the hall count.
  const tally = hallTally ?? ((e.closed?.payload.tally ?? null) as CanonicalObject | null);
  const computedByTally =
    tally === null
      ? null
      : (poll.kind === 'election' ? tally.outcome === 'election.all_seats_filled' : tally.passed === true)
        ? 'passed'
        : 'failed';
  for (const entry of e.declared) {
    const p = entry.payload;
    // R22: a tie the chair drew by lot before this declaration fills every seat.
    const computed =
      computedByTally === 'failed' &&
      tally?.outcome === 'election.lot_required' &&
      lotBefore(e.lots, entry.seq) !== undefined
        ? 'passed'
        : computedByTally;
    const d = poll.declarations.find((x) => x.id === p.declarationId);
    if (d === undefined || d.text !== p.text || d.outcome !== p.outcome)
      report('poll.declaration_mismatch', where, `the declaration differs from ledger entry ${entry.seq}`);
    if (d !== undefined) {
      const differ = [
        d.declaredBy !== p.by && 'declaredBy',
        d.at !== entry.at && 'at',
        d.computed !== p.computed && 'computed',
        (d.deviationReason ?? null) !== (p.deviationReason ?? null) && 'deviationReason',
        // R29: a correction names the declaration it corrects.
        (d.correctsId ?? null) !== (p.corrects ?? null) && 'correctsId',
      ].filter((x): x is string => x !== false);
      if (differ.length > 0)
        report(
          'evidence.declaration_mismatch',
          where,
          `${differ.join(', ')} of declaration ${d.id} differ from ledger entry ${entry.seq}`,
        );
    }
    if (computed !== null && p.computed !== computed)
      report(
        'poll.declaration_computed',
        where,
        `ledger entry ${entry.seq} says the tally ${String(p.computed)}, the recount says ${computed}`,
      );
    if (p.outcome !== p.computed && (p.deviationReason ?? '') === '')
      report(
        'poll.declaration_unjustified',
        where,
        `declared ${String(p.outcome)} against the tally without a reason`,
      );
  }
  for (const d of poll.declarations) {
    if (!e.declared.some((x) => x.payload.declarationId === d.id))
      report('poll.declaration_not_in_ledger', where, `declaration ${d.id} is not recorded in the ledger`);
  }
}
