import { checkChoice, evaluateEligibility, type ItemKind } from '@plenum/domain';
import { createReceipt, hashReceipt, RECEIPT_RANDOM_BYTES } from '@plenum/ledger';
import type { Trx } from '../../db/types.ts';
import { requireAssembly, statuteOf } from '../assemblies/assemblies.service.ts';
import { assertAssemblyPermits } from '../assemblies/assembly-state.ts';
import type { ServiceContext } from '../context.ts';
import { appendLedger, lockPollShared } from '../ledger/ledger.queries.ts';
import { loadDomainMembers } from '../members/members.queries.ts';
import { votedAmong } from '../polls/poll-views.queries.ts';
import { findPoll } from '../polls/polls.queries.ts';
import { Refusal, refuse } from '../refusal.ts';
import {
  insertAdvanceParticipation,
  rollEntriesOf,
  takeAdvanceVotes,
  upsertAdvanceVote,
} from './advance-votes.queries.ts';
import { choiceShape } from './ballot-choice.ts';
import { openContent, sealContent } from './ballot-seal.ts';
import type { CastInput, CastReceipt } from './cast.types.ts';

/**
 * C8, §43b(2) GenG: a member votes in advance, before the poll opens, where the statute allows it —
 * for their own vote or as a member's legal representative (proxy holders vote at the assembly).
 * Until the poll opens a new advance vote replaces the previous one. It counts only if the member
 * does not vote in person or by proxy during the poll (R5), which is settled when the poll closes.
 */
export async function castAdvanceVotes(ctx: ServiceContext, input: CastInput): Promise<CastReceipt[]> {
  if (input.votes.length === 0) throw new Refusal('vote.empty', 'No votes in the request.');
  return ctx.db.transaction().execute(async (trx) => {
    await lockPollShared(trx, input.pollId);
    const poll = await findPoll(trx, input.pollId);
    if (!poll) throw new Refusal('poll.not_found', 'No poll with this id.', { pollId: input.pollId });
    const statute = statuteOf(await requireAssembly(trx, poll.assembly_id));
    // Lifecycle, C8: advance votes come once the assembly is convened (the poll's own state ends
    // them when it opens).
    await assertAssemblyPermits(trx, poll.assembly_id, 'advance_vote');
    if (!statute.channels.advanceVoting) {
      throw new Refusal('vote.advance_not_allowed', 'The statute does not provide for advance voting (C8).');
    }
    if (poll.status !== 'draft') {
      throw new Refusal(
        'vote.advance_closed',
        'Advance voting ends when the poll opens; vote in the poll now.',
      );
    }
    for (const vote of input.votes) {
      const fits = checkChoice(choiceShape(poll), vote.choice);
      if (!fits.ok) throw refuse(fits);
    }
    await authoriseAdvance(trx, ctx.clock.now(), poll.item_kind, statute, input);
    const receipts: CastReceipt[] = [];
    for (const vote of input.votes) {
      const receipt = createReceipt(ctx.random.bytes(RECEIPT_RANDOM_BYTES));
      // Sealed like a ballot in the poll: the choice never reaches the database in clear. The
      // weight and, in open polls, the member are taken from the roll when the poll closes.
      const sealed = sealContent(ctx.ballotKeys, ctx.random, poll, {
        choice: vote.choice,
        weight: 1,
        receiptHash: hashReceipt(poll.id, receipt),
        memberId: null,
      });
      const replaced = await upsertAdvanceVote(trx, {
        pollId: poll.id,
        memberId: vote.memberId,
        castBy: input.voterId,
        sealedHex: sealed,
      });
      await appendLedger(trx, [
        {
          type: 'advance_vote.received',
          at: ctx.clock.now(),
          assemblyId: poll.assembly_id,
          payload: {
            pollId: poll.id,
            memberId: vote.memberId,
            castBy: input.voterId,
            replaced,
          },
        },
      ]);
      receipts.push({ memberId: vote.memberId, receipt });
    }
    return receipts;
  });
}

/** Own vote, or the vote of a member the voter legally represents (R4), by today's register (R3). */
async function authoriseAdvance(
  trx: Trx,
  now: Date,
  itemKind: ItemKind,
  statute: ReturnType<typeof statuteOf>,
  input: CastInput,
): Promise<void> {
  const members = await loadDomainMembers(
    trx,
    input.votes.map((v) => v.memberId),
  );
  for (const vote of input.votes) {
    const member = members.find((m) => m.id === vote.memberId);
    if (!member)
      throw new Refusal('member.not_found', 'No member with this id.', { memberId: vote.memberId });
    const eligibility = evaluateEligibility(member, { kind: itemKind }, now.toISOString(), statute);
    if (!eligibility.eligible) {
      throw new Refusal('vote.not_on_roll', 'This member is not entitled to vote.', {
        memberId: vote.memberId,
        reason: eligibility.reason,
      });
    }
    if (vote.memberId !== input.voterId && !eligibility.actors.includes(input.voterId)) {
      throw new Refusal(
        'vote.no_authority',
        'Advance votes are cast for oneself or as legal representative.',
        {
          memberId: vote.memberId,
        },
      );
    }
  }
}

/** An advance vote that counts, opened: it joins the poll's ballots at close. */
export interface SettledAdvanceVote {
  memberId: string;
  castBy: string;
  weight: number;
  choice: unknown;
  receiptHash: string;
}

/**
 * At close (inside the close transaction, before the poll's sealed ballots are opened): an advance
 * vote counts unless its member voted in the poll through a channel ranked higher (R5; default
 * personal > proxy > advance) or was not entitled when the poll opened (R3) or was excluded (R10).
 * Counted ones get a participation row with channel 'advance' and are returned, opened, to join
 * the poll's ballots; every advance vote row of the poll is deleted.
 */
export async function settleAdvanceVotes(
  ctx: ServiceContext,
  trx: Trx,
  poll: { id: string; assembly_id: string },
): Promise<SettledAdvanceVote[]> {
  const rows = await takeAdvanceVotes(trx, poll.id);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.member_id);
  const voted = new Set(await votedAmong(trx, poll.id, ids));
  const roll = new Map((await rollEntriesOf(trx, poll.id, ids)).map((r) => [r.member_id, r] as const));
  const counted = rows.filter((r) => !voted.has(r.member_id) && roll.get(r.member_id)?.status === 'eligible');
  const discarded = rows
    .filter((r) => !voted.has(r.member_id) && roll.get(r.member_id)?.status !== 'eligible')
    .map((r) => ({ memberId: r.member_id, reason: roll.get(r.member_id)?.reason ?? 'roll.not_on_register' }));
  const settled = counted.map((r): SettledAdvanceVote => {
    const opened = openContent(ctx.ballotKeys, poll.id, r.hex);
    return {
      memberId: r.member_id,
      castBy: r.cast_by,
      weight: roll.get(r.member_id)?.votes ?? 1,
      choice: opened.choice,
      receiptHash: opened.receiptHash,
    };
  });
  if (settled.length > 0) {
    await insertAdvanceParticipation(
      trx,
      poll.id,
      settled.map((v) => ({ memberId: v.memberId, castBy: v.castBy === v.memberId ? null : v.castBy })),
    );
  }
  await appendLedger(trx, [
    {
      type: 'advance_votes.settled',
      at: ctx.clock.now(),
      assemblyId: poll.assembly_id,
      payload: {
        pollId: poll.id,
        counted: settled.length,
        // R5: members whose vote in the poll superseded their advance vote (never a choice).
        superseded: ids.filter((id) => voted.has(id)).sort(),
        discarded: discarded.sort((a, b) => (a.memberId < b.memberId ? -1 : 1)),
      },
    },
  ]);
  return settled;
}
