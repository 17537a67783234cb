import type { HallCountsView, HallPollView, TellersView } from '@plenum/contracts';
import {
  type AssemblyForm,
  checkHallCount,
  combineCounts,
  computeTally,
  confirmHallCount,
  type HallCount,
  hallCountRequired,
  type VoteCounts,
  type VotingMethod,
} from '@plenum/domain';
import type { CanonicalObject } from '@plenum/ledger';
import type { Db, Trx } from '../../db/types.ts';
import { requireAssembly, statuteOf } from '../assemblies/assemblies.service.ts';
import { assertAssemblyPermits } from '../assemblies/assembly-state.ts';
import { type Actor, actorLabel, type ServiceContext } from '../context.ts';
import { appendLedger } from '../ledger/ledger.queries.ts';
import { lockedPoll, type PollRecord } from '../polls/poll-state.ts';
import { Refusal, refuse } from '../refusal.ts';
import {
  appointedTellerByUsername,
  appointedTellers,
  findTellerAccount,
  type HallEntryRow,
  hallEntriesOf,
  hallPollsOf,
  hallVotesOf,
  insertHallEntry,
  insertTeller,
  tellerAccounts,
} from './hall.queries.ts';

/** The assembly's tellers and the teller accounts not yet appointed. */
export async function tellersView(db: Db, assemblyId: string): Promise<TellersView> {
  await requireAssembly(db, assemblyId);
  const appointed = await appointedTellers(db, assemblyId);
  const taken = new Set(appointed.map((t) => t.userId));
  const available = (await tellerAccounts(db)).filter((t) => !taken.has(t.userId));
  return { appointed, available };
}

/**
 * C5, R27: the chair appoints a teller for the assembly: a staff account with the role teller (so
 * the person counting gets no other right). Recorded in the ledger with the teller's name, which
 * the minutes print.
 */
export async function appointTeller(
  ctx: ServiceContext,
  assemblyId: string,
  userId: string,
  actor: Actor,
): Promise<TellersView> {
  await ctx.db.transaction().execute(async (trx) => {
    await requireAssembly(trx, assemblyId);
    await assertAssemblyPermits(trx, assemblyId, 'record');
    const user = await findTellerAccount(trx, userId);
    if (!user)
      throw new Refusal('teller.not_found', 'No active staff user with the role teller has this id.');
    if ((await appointedTellers(trx, assemblyId)).some((t) => t.userId === userId))
      throw new Refusal('teller.already_appointed', 'This teller is already appointed for the assembly.');
    const now = ctx.clock.now();
    await insertTeller(trx, { assemblyId, userId, name: user.name, appointedBy: actorLabel(actor), at: now });
    await appendLedger(trx, [
      {
        type: 'tellers.appointed',
        at: now,
        assemblyId,
        payload: { userId, username: user.username, name: user.name, by: actorLabel(actor) },
      },
    ]);
  });
  return tellersView(ctx.db, assemblyId);
}

const countOf = (r: HallEntryRow): HallCount => ({ yes: r.yes, no: r.no, abstain: r.abstain });

/** Where a poll's hall count stands, from its entries. */
function standing(entries: readonly HallEntryRow[]) {
  const confirmed = entries.find((e) => e.action === 'confirmed') ?? null;
  const entered = [...entries].reverse().find((e) => e.action === 'entered') ?? null;
  return { confirmed, entered };
}

/** The polls of the assembly counted in the hall, with where each hall count stands. */
export async function hallCountsView(db: Db, assemblyId: string): Promise<HallCountsView> {
  const assembly = await requireAssembly(db, assemblyId);
  const tellers = new Map((await appointedTellers(db, assemblyId)).map((t) => [t.userId, t]));
  const teller = (id: string, name: string) => tellers.get(id) ?? { userId: id, username: '', name };
  const polls: HallPollView[] = [];
  for (const p of await hallPollsOf(db, assemblyId)) {
    if (!hallCountRequired(p.method as VotingMethod, assembly.form as AssemblyForm)) continue;
    const { confirmed, entered } = standing(await hallEntriesOf(db, p.id));
    const enteredRow = confirmed === null ? entered : await firstEntryOf(db, p.id, confirmed);
    const status: HallPollView['status'] =
      p.status === 'draft' || p.status === 'open'
        ? 'awaiting_close'
        : confirmed !== null
          ? 'confirmed'
          : entered !== null
            ? 'awaiting_confirmation'
            : 'awaiting_count';
    polls.push({
      pollId: p.id,
      itemTitle: p.item_title,
      round: p.round,
      method: p.method as VotingMethod,
      pollStatus: p.status,
      status,
      enteredBy: enteredRow === null ? null : teller(enteredRow.teller_id, enteredRow.teller_name),
      confirmedBy: confirmed === null ? null : teller(confirmed.teller_id, confirmed.teller_name),
      hallVotes: p.status === 'closed' ? await hallVotesOf(db, p.id) : 0,
      count: confirmed === null ? null : countOf(confirmed),
      tally: (confirmed?.tally ?? null) as HallPollView['tally'],
      at: confirmed === null ? null : new Date(confirmed.at).toISOString(),
    });
  }
  return { polls };
}

/** The entry a confirmation confirmed: the last one entered before it. */
async function firstEntryOf(db: Db, pollId: string, confirmed: HallEntryRow) {
  const entries = await hallEntriesOf(db, pollId);
  return [...entries].reverse().find((e) => e.action === 'entered' && e.id < confirmed.id) ?? null;
}

/**
 * R27: a teller's hall count of a closed poll voted by a hall method. The first teller enters it
 * (and may enter it again); a second, different teller enters the same numbers to confirm it. A
 * mismatch is refused and changes nothing. The count must fit the hall (members checked in in the
 * room with those they represent, not counting electronic votes). The confirmation stores the
 * poll's result: the electronic ballots plus the hall count, recomputed by the verifier.
 */
export async function submitHallCount(
  ctx: ServiceContext,
  pollId: string,
  count: HallCount,
  actor: Actor,
): Promise<{ status: 'awaiting_confirmation' | 'confirmed'; assemblyId: string }> {
  if (actor.kind !== 'staff')
    throw new Refusal('hall.not_teller', 'Only an appointed teller counts the hall.');
  const result = await ctx.db.transaction().execute(async (trx) => {
    const row = await lockedPoll(trx, pollId);
    const assembly = await requireAssembly(trx, row.assembly_id);
    await assertAssemblyPermits(trx, row.assembly_id, 'record');
    if (row.rehearsal || !hallCountRequired(row.method as VotingMethod, assembly.form as AssemblyForm))
      throw new Refusal('hall.not_counted', 'This poll is not counted in the hall.', { method: row.method });
    const teller = await appointedTellerByUsername(trx, row.assembly_id, actor.username);
    if (!teller)
      throw new Refusal('hall.not_teller', 'Only a teller appointed for this assembly counts the hall.');
    const entries = await hallEntriesOf(trx, pollId);
    const { confirmed, entered } = standing(entries);
    if (confirmed !== null)
      throw new Refusal('hall.already_confirmed', 'The hall count of this poll is confirmed.');
    if (row.status !== 'closed')
      throw new Refusal('hall.poll_not_closed', 'The hall count is entered once the poll is closed.', {
        status: row.status,
      });
    const plausible = checkHallCount(count, await hallVotesOf(trx, pollId));
    if (!plausible.ok) throw refuse(plausible);
    const now = ctx.clock.now();
    if (entered === null || entered.teller_id === teller.userId) {
      await insertHallEntry(trx, {
        pollId,
        action: 'entered',
        tellerId: teller.userId,
        tellerName: teller.name,
        count,
        tally: null,
        at: now,
      });
      await appendLedger(trx, [
        {
          type: 'hall.count_entered',
          at: now,
          assemblyId: row.assembly_id,
          payload: { pollId, ...count, tellerId: teller.userId, teller: teller.name },
        },
      ]);
      return { status: 'awaiting_confirmation' as const, assemblyId: row.assembly_id };
    }
    const agreed = confirmHallCount(
      { tellerId: entered.teller_id, count: countOf(entered) },
      { tellerId: teller.userId, count },
    );
    if (!agreed.ok) throw refuse(agreed);
    const tally = combinedTally(row, statuteOf(assembly), agreed.value);
    await insertHallEntry(trx, {
      pollId,
      action: 'confirmed',
      tellerId: teller.userId,
      tellerName: teller.name,
      count,
      tally,
      at: now,
    });
    await appendLedger(trx, [
      {
        type: 'hall.count_confirmed',
        at: now,
        assemblyId: row.assembly_id,
        payload: {
          pollId,
          ...count,
          enteredBy: { tellerId: entered.teller_id, teller: entered.teller_name },
          tellerId: teller.userId,
          teller: teller.name,
          tally: tally as CanonicalObject,
        },
      },
    ]);
    return { status: 'confirmed' as const, assemblyId: row.assembly_id };
  });
  ctx.afterCommit?.({ type: 'hall.counted', assemblyId: result.assemblyId, pollId });
  return result;
}

/**
 * R27: the poll's tally with the hall: the electronic counts recorded at the close plus the hall
 * count, judged by the same rule (R12–R15, C4) with the attendance recorded at the close.
 */
export function combinedTally(
  row: PollRecord,
  statute: ReturnType<typeof statuteOf>,
  hall: HallCount,
): Record<string, unknown> {
  const closed = (row.tally ?? {}) as {
    counts?: VoteCounts;
    attendance?: { presentMembers: number; totalMembers: number };
  };
  const electronic = closed.counts ?? { yes: 0, no: 0, abstain: 0, invalid: 0 };
  const tally = computeTally({
    counts: combineCounts(electronic, hall),
    excluded: row.votes_excluded ?? 0,
    threshold: { num: row.threshold_num, den: row.threshold_den },
    quorum: statute.quorum,
    ...(row.votes_available === null ? {} : { votesAvailable: row.votes_available }),
    ...(closed.attendance === undefined ? {} : { attendance: closed.attendance }),
  });
  if (!tally.ok) throw refuse(tally);
  const value = tally.value as unknown as Record<string, unknown>;
  return closed.attendance === undefined ? value : { ...value, attendance: closed.attendance };
}

/**
 * R27: the tally a declaration states. A poll counted in the hall is declared only once its hall
 * count is confirmed, with the combined result; every other poll with the tally of its close.
 */
export async function declarableTally(
  trx: Trx,
  row: PollRecord,
  form: AssemblyForm,
): Promise<Record<string, unknown> | null> {
  if (row.rehearsal || !hallCountRequired(row.method as VotingMethod, form)) return row.tally;
  if (row.status !== 'closed' && row.status !== 'declared') return row.tally;
  const { confirmed } = standing(await hallEntriesOf(trx, row.id));
  if (confirmed === null)
    throw new Refusal('hall.count_not_confirmed', 'The hall count of this poll is not confirmed yet.');
  return confirmed.tally;
}
