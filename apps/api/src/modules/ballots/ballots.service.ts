import {
  type AuthorisedVote,
  advanceOutranksProxy,
  authoriseCast,
  type CastState,
  castableVotes,
  checkChoice,
} from '@plenum/domain';
import { createReceipt, hashReceipt, normalizeReceipt, RECEIPT_RANDOM_BYTES } from '@plenum/ledger';
import type { Trx } from '../../db/types.ts';
import { ApiError } from '../../http/errors.ts';
import { refuse } from '../../http/refusals.ts';
import { assertPermitted } from '../assemblies/assembly-state.ts';
import { presentAmong } from '../attendance/attendance.queries.ts';
import type { ServiceContext } from '../context.ts';
import { lockPollShared } from '../ledger/ledger.queries.ts';
import { findPoll, partialRoll } from '../polls/polls.queries.ts';
import { activeGrants } from '../proxies/proxies.queries.ts';
import { choiceShape } from './ballot-choice.ts';
import { sealContent } from './ballot-seal.ts';
import {
  advanceVotersAmong,
  type CastView,
  findReceipt,
  insertCast,
  participantsAmong,
  readCastView,
  statutePrecedence,
} from './cast.queries.ts';
import type { CastInput, CastReceipt } from './cast.types.ts';

export type { CastInput, CastReceipt, CastVote } from './cast.types.ts';

/**
 * Casts one or more votes in one transaction: the voter's own and, for a proxy holder or
 * representative, each represented member's — each recorded as its own ballot (R7). Either all are
 * accepted or none. The shared poll lock lets casts run in parallel while a close waits for them;
 * the unique participation row makes one member, one vote a database fact. The domain decides
 * (`checkChoice`, `authoriseCast`); this service loads, seals and stores.
 * Five round trips for one's own vote: BEGIN, lock, one read, one write, COMMIT.
 */
export async function castBallots(ctx: ServiceContext, input: CastInput): Promise<CastReceipt[]> {
  const memberIds = input.votes.map((v) => v.memberId);
  try {
    const { receipts, assemblyId } = await ctx.db.transaction().execute(async (trx) => {
      await lockPollShared(trx, input.pollId);
      const view = await readCastView(trx, input.pollId, input.voterId, memberIds);
      if (!view) throw new ApiError(404, 'poll.not_found', 'No poll with this id.', { pollId: input.pollId });
      // Lifecycle: votes are cast only in the open assembly. No lock is needed here: a poll opens
      // only in an open assembly, and the assembly closes only when no poll is open.
      assertPermitted(view.assembly_status, 'cast');
      if (view.status !== 'open')
        throw new ApiError(409, 'poll.not_open', 'This poll is not open for votes.', { status: view.status });
      for (const vote of input.votes) {
        const fits = checkChoice(choiceShape(view), vote.choice);
        if (!fits.ok) throw refuse(fits);
      }
      const decided = authoriseCast(await castState(trx, view, input.voterId, memberIds), memberIds);
      if (!decided.ok) throw refuse(decided);
      return { receipts: await store(ctx, trx, view, input, decided.value), assemblyId: view.assembly_id };
    });
    ctx.afterCommit?.({ type: 'ballot.cast', assemblyId, pollId: input.pollId });
    return receipts;
  } catch (error) {
    if (uniqueViolation(error) === 'participation_pkey') {
      const done = await participantsAmong(ctx.db, input.pollId, memberIds);
      const details = { memberIds: done.map((p) => p.memberId) };
      // A member who arrives after their proxy holder voted for them learns why, in plain words:
      // the proxy vote was valid when cast and is the member's one vote in this poll (R5).
      const own = done.find((p) => p.memberId === input.voterId);
      if (own?.channel === 'proxy' && own.castBy !== input.voterId) {
        const message = 'Your proxy holder has already voted for you in this poll.';
        throw new ApiError(409, 'vote.cast_by_proxy', message, details);
      }
      const message = 'A vote has already been cast for this member in this poll.';
      throw new ApiError(409, 'vote.duplicate', message, details);
    }
    throw error;
  }
}

function uniqueViolation(error: unknown): string | undefined {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' ? (e.constraint ?? 'unknown') : undefined;
}

/**
 * Exactly the state `authoriseCast` decides on. The proxy register, the principals' presence and
 * the advance votes are read only when a vote is cast for someone else (the common case is one's
 * own vote, which needs nothing beyond the cast view).
 */
async function castState(
  trx: Trx,
  view: CastView,
  voterId: string,
  memberIds: readonly string[],
): Promise<CastState> {
  const others = memberIds.filter((id) => id !== voterId);
  const grants =
    others.length === 0 ? [] : await activeGrants(trx, view.assembly_id, { principalIds: others });
  const roll = partialRoll(view.roll, { id: voterId, excludedReason: view.voter_excluded });
  const castable = castableVotes(voterId, roll, grants);
  const byProxy = castable.filter((c) => c.capacity === 'proxy').map((c) => c.memberId);
  const outranking =
    byProxy.length > 0 && advanceOutranksProxy({ precedence: await statutePrecedence(trx, view.assembly_id) })
      ? await advanceVotersAmong(trx, view.id, byProxy)
      : new Set<string>();
  return {
    voterId,
    presence:
      view.presence === null
        ? null
        : { checkedIn: view.presence.event === 'check_in', channel: view.presence.channel },
    voterExcluded: view.voter_excluded,
    castable,
    roll: view.roll.map((r) => ({
      memberId: r.member_id,
      status: r.status as 'eligible' | 'excluded' | 'ineligible',
      reason: r.reason,
    })),
    presentPrincipals: await presentAmong(trx, view.assembly_id, byProxy),
    advanceOutranksProxy: outranking,
  };
}

/**
 * Writes the cast and returns one fresh receipt per vote. Each ballot is sealed with the poll's
 * key together with its receipt hash; only the participation row is stored in clear.
 */
async function store(
  ctx: ServiceContext,
  trx: Trx,
  view: CastView,
  input: CastInput,
  authorised: readonly AuthorisedVote[],
): Promise<CastReceipt[]> {
  const choices = new Map(input.votes.map((v) => [v.memberId, v.choice] as const));
  const cast = authorised.map((vote) => ({
    vote,
    receipt: createReceipt(ctx.random.bytes(RECEIPT_RANDOM_BYTES)),
  }));
  await insertCast(trx, {
    pollId: view.id,
    participation: cast.map(({ vote }) => ({
      memberId: vote.memberId,
      channel: vote.channel,
      castBy: vote.castBy,
    })),
    sealed: cast.map(({ vote, receipt }) =>
      sealContent(ctx.ballotKeys, ctx.random, view, {
        choice: choices.get(vote.memberId),
        weight: vote.weight,
        receiptHash: hashReceipt(view.id, receipt),
        memberId: view.secret ? null : vote.memberId,
      }),
    ),
  });
  return cast.map(({ vote, receipt }) => ({ memberId: vote.memberId, receipt }));
}

export type ReceiptStatus = 'counted' | 'not_found';

/** After close, anyone holding a receipt can check that it was counted (never how it was cast). */
export async function checkReceipt(ctx: ServiceContext, pollId: string, code: string) {
  const poll = await findPoll(ctx.db, pollId);
  if (!poll) throw new ApiError(404, 'poll.not_found', 'No poll with this id.', { pollId });
  if (poll.status !== 'closed' && poll.status !== 'declared') {
    throw new ApiError(409, 'receipt.poll_not_closed', 'Receipts can be checked once the poll is closed.');
  }
  const normal = normalizeReceipt(code);
  if (!normal.ok) throw new ApiError(400, 'receipt.invalid', 'This is not a well-formed receipt code.');
  const found = await findReceipt(ctx.db, pollId, hashReceipt(pollId, normal.code));
  return {
    pollId,
    status: (found ? 'counted' : 'not_found') as ReceiptStatus,
    receiptsRoot: poll.receipts_root,
  };
}
