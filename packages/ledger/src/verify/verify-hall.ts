import {
  type AssemblyForm,
  combineCounts,
  computeTally,
  countBallots,
  hallCountRequired,
  motionChoice,
  type QuorumRule,
  type StatuteConfig,
  type VotingMethod,
} from '@plenum/domain';
import { type CanonicalObject, canonicalString } from '../canonical.ts';
import type { HashedEntry } from '../chain.ts';
import { isEntryOf } from '../event-types.ts';
import type { BundleHallEntry, BundlePoll } from './bundle.ts';
import type { Report } from './violations.ts';

/** The hall-count entries of one poll in the ledger, in chain order. */
export function hallEntriesInLedger(entries: readonly HashedEntry[], pollId: string): HashedEntry[] {
  return entries.filter(
    (e) =>
      e.payload.pollId === pollId &&
      (isEntryOf(e, 'hall.count_entered') || isEntryOf(e, 'hall.count_confirmed')),
  );
}

const sameCount = (a: { yes?: unknown; no?: unknown; abstain?: unknown }, b: typeof a) =>
  a.yes === b.yes && a.no === b.no && a.abstain === b.abstain;

/**
 * R27: a poll counted in the hall. The hall counts in the bundle are the ones the ledger recorded
 * (entered and confirmed, by whom, with which numbers); the confirmation is by a second teller with
 * the numbers entered; its tally is the electronic ballots plus the hall count, recomputed here with
 * the domain's functions; and a declared poll counted in the hall has a confirmed count.
 * Returns the confirmed tally as recorded (the declaration is checked against it), or null.
 */
export function checkHall(
  poll: BundlePoll,
  entries: readonly HashedEntry[],
  statute: StatuteConfig,
  form: string | undefined,
  report: Report,
): CanonicalObject | null {
  const where = `poll ${poll.id}`;
  const ledger = hallEntriesInLedger(entries, poll.id);
  const bundle: readonly BundleHallEntry[] = poll.hallCounts ?? [];
  const differs =
    ledger.length !== bundle.length ||
    ledger.some((e, i) => {
      const b = bundle[i] as BundleHallEntry;
      const action = isEntryOf(e, 'hall.count_confirmed') ? 'confirmed' : 'entered';
      return (
        b.action !== action ||
        b.at !== e.at ||
        b.tellerId !== e.payload.tellerId ||
        b.teller !== e.payload.teller ||
        !sameCount(b, e.payload) ||
        canonicalString(b.tally ?? null) !== canonicalString(e.payload.tally ?? null)
      );
    });
  if (differs)
    report(
      'poll.hall_count_altered',
      where,
      'the hall counts in the bundle differ from the ones recorded in the ledger',
    );
  const confirmed = ledger.find((e) => isEntryOf(e, 'hall.count_confirmed'));
  const required = form !== undefined && hallCountRequired(poll.method as VotingMethod, form as AssemblyForm);
  if (confirmed === undefined) {
    if (required && poll.declarations.length > 0)
      report('poll.hall_count_missing', where, 'declared without a confirmed hall count');
    return null;
  }
  const p = confirmed.payload;
  const before = ledger.filter((e) => e.seq < confirmed.seq && isEntryOf(e, 'hall.count_entered')).at(-1);
  if (before === undefined || before.payload.tellerId === p.tellerId)
    report(
      'poll.hall_same_teller',
      where,
      `the hall count of ledger entry ${confirmed.seq} is not confirmed by a second teller`,
    );
  else if (!sameCount(before.payload, p))
    report(
      'poll.hall_count_unconfirmed',
      where,
      `ledger entry ${confirmed.seq} confirms other numbers than entry ${before.seq} entered`,
    );
  const electronic = countBallots(
    poll.ballots.map((b) => ({ choice: motionChoice(b.choice.v), weight: Number(b.choice.w) })),
  );
  const recorded = (p.tally ?? {}) as CanonicalObject;
  const attendance = recorded.attendance as { presentMembers: number; totalMembers: number } | undefined;
  const tally = computeTally({
    counts: combineCounts(electronic, {
      yes: Number(p.yes),
      no: Number(p.no),
      abstain: Number(p.abstain),
    }),
    excluded: Number(poll.votesExcluded ?? 0),
    threshold: poll.threshold,
    quorum: statute.quorum as QuorumRule,
    ...(poll.votesAvailable === null ? {} : { votesAvailable: poll.votesAvailable }),
    ...(attendance === undefined ? {} : { attendance }),
  });
  const recount: CanonicalObject = tally.ok
    ? attendance === undefined
      ? (tally.value as unknown as CanonicalObject)
      : { ...(tally.value as unknown as CanonicalObject), attendance }
    : { refused: tally.reason };
  if (canonicalString(recount) !== canonicalString(recorded))
    report(
      'poll.hall_tally_mismatch',
      where,
      `the electronic ballots plus the hall count of ledger entry ${confirmed.seq} do not give the recorded result`,
    );
  return recorded;
}
