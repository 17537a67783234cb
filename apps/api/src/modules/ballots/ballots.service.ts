import {
  type AssemblyForm,
  type AuthorisedVote,
  authoriseCast,
  type CastState,
  castableVotes,
  checkChoice,
  hallCountRequired,
  type VotingMethod,
} from '@plenum/domain';
import { createReceipt, hashReceipt, normalizeReceipt, RECEIPT_RANDOM_BYTES } from '@plenum/ledger';
import type { Trx } from '../../db/types.ts';
import { assertPermitted } from '../assemblies/assembly-state.ts';
import type { ServiceContext } from '../context.ts';
import { lockPollShared } from '../ledger/ledger.queries.ts';
import { findPoll, partialRoll } from '../polls/polls.queries.ts';
import { activeGrants } from '../proxies/proxies.queries.ts';
import { Refusal, refuse } from '../refusal.ts';
import { choiceShape } from './ballot-choice.ts';
import { castReceiptBytes, requestTag, sealContent } from './ballot-seal.ts';
import {
  type CastView,
  checkablePolls,
  countedAmong,
  findReceipt,
  insertCast,
  keptReceiptRows,
  memberNames,
  participantsAmong,
  readCastView,
} from './cast.queries.ts';
import type { CastInput, CastReceipt } from './cast.types.ts';
import { openKeptReceipt, sealKeptReceipt } from './member-receipts.ts';
import { proxyStanding } from './proxy-standing.ts';

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
  const tag =
    input.requestId === undefined
      ? null
      : requestTag(ctx.ballotKeys, input.pollId, input.voterId, input.requestId);
  try {
    const outcome = await ctx.db.transaction().execute(async (trx) => {
      await lockPollShared(trx, input.pollId);
      const view = await readCastView(trx, input.pollId, input.voterId, memberIds);
      if (!view) throw new Refusal('poll.not_found', 'No poll with this id.', { pollId: input.pollId });
      // A retry of a stored cast answers its receipts again, also once the poll has closed.
      const again = replay(
        ctx,
        input,
        tag,
        view.taken.map((t) => ({ memberId: t.member_id, requestTag: t.request_tag })),
      );
      if (again) return { receipts: again, assemblyId: null };
      // Lifecycle: votes are cast only in the open assembly. No lock is needed here: a poll opens
      // only in an open assembly, and the assembly closes only when no poll is open.
      assertPermitted(view.assembly_status, 'cast');
      if (view.status !== 'open')
        throw new Refusal('poll.not_open', 'This poll is not open for votes.', { status: view.status });
      // R27: with a hall method the tellers count the hall, so whoever is in the room votes there.
      if (
        view.presence?.event === 'check_in' &&
        view.presence.channel === 'room' &&
        hallCountRequired(view.method as VotingMethod, view.assembly_form as AssemblyForm)
      )
        throw new Refusal('vote.counted_in_hall', 'This poll is counted in the hall by the tellers.');
      for (const vote of input.votes) {
        const fits = checkChoice(choiceShape(view), vote.choice);
        if (!fits.ok) throw refuse(fits);
      }
      const decided = authoriseCast(await castState(trx, view, input.voterId, memberIds), memberIds);
      if (!decided.ok) throw refuse(decided);
      const receipts = await store(ctx, trx, view, input, tag, decided.value);
      return { receipts, assemblyId: view.assembly_id };
    });
    if (outcome.assemblyId !== null) {
      ctx.afterCommit?.({ type: 'ballot.cast', assemblyId: outcome.assemblyId, pollId: input.pollId });
    }
    return outcome.receipts;
  } catch (error) {
    if (uniqueViolation(error) === 'participation_pkey') {
      const done = await participantsAmong(ctx.db, input.pollId, memberIds);
      // Two copies of one request raced: the other one stored the cast, this one answers it.
      const again = replay(ctx, input, tag, done);
      if (again) return again;
      const details = { memberIds: done.map((p) => p.memberId) };
      // A member who arrives after their proxy holder voted for them learns why, in plain words:
      // the proxy vote was valid when cast and is the member's one vote in this poll (R5).
      const own = done.find((p) => p.memberId === input.voterId);
      if (own?.channel === 'proxy' && own.castBy !== input.voterId) {
        const message = 'Your proxy holder has already voted for you in this poll.';
        throw new Refusal('vote.cast_by_proxy', message, details);
      }
      const message = 'A vote has already been cast for this member in this poll.';
      throw new Refusal('vote.duplicate', message, details);
    }
    throw error;
  }
}

/** The receipt of one vote: derived from the request id when there is one, else random. */
function receiptOf(ctx: ServiceContext, input: CastInput, memberId: string): string {
  return input.requestId === undefined
    ? createReceipt(ctx.random.bytes(RECEIPT_RANDOM_BYTES))
    : createReceipt(castReceiptBytes(ctx.ballotKeys, input.pollId, input.voterId, memberId, input.requestId));
}

/**
 * The receipts of a stored cast when this request is its retry: every requested member already
 * took part, each under this voter's tag of this request id (one cast is all or nothing, so its
 * rows share the tag). Anything else is not a retry; the caller goes on and the unique
 * participation row refuses it as a duplicate.
 */
function replay(
  ctx: ServiceContext,
  input: CastInput,
  tag: string | null,
  taken: readonly { memberId: string; requestTag: string | null }[],
): CastReceipt[] | null {
  if (tag === null || taken.length !== input.votes.length) return null;
  if (!taken.every((t) => t.requestTag === tag)) return null;
  return input.votes.map((v) => ({ memberId: v.memberId, receipt: receiptOf(ctx, input, v.memberId) }));
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
  const standing = await proxyStanding(trx, view.assembly_id, view.id, byProxy);
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
    ...standing,
  };
}

/**
 * Writes the cast and returns one receipt per vote (random, or derived from the request id). Each ballot is sealed with the poll's
 * key together with its receipt hash; only the participation row is stored in clear.
 */
async function store(
  ctx: ServiceContext,
  trx: Trx,
  view: CastView,
  input: CastInput,
  tag: string | null,
  authorised: readonly AuthorisedVote[],
): Promise<CastReceipt[]> {
  const choices = new Map(input.votes.map((v) => [v.memberId, v.choice] as const));
  const cast = authorised.map((vote) => ({ vote, receipt: receiptOf(ctx, input, vote.memberId) }));
  const key = input.receiptKey ?? null;
  await insertCast(trx, {
    pollId: view.id,
    requestTag: tag,
    participation: cast.map(({ vote, receipt }) => ({
      memberId: vote.memberId,
      channel: vote.channel,
      castBy: vote.castBy,
      // The receipt again, for the caster's other devices: sealed under their own key.
      kept:
        key &&
        sealKeptReceipt(
          key,
          ctx.random,
          { pollId: view.id, memberId: vote.memberId, casterId: input.voterId },
          receipt,
        ),
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
  if (!poll) throw new Refusal('poll.not_found', 'No poll with this id.', { pollId });
  if (poll.status !== 'closed' && poll.status !== 'declared') {
    throw new Refusal('receipt.poll_not_closed', 'Receipts can be checked once the poll is closed.');
  }
  const normal = normalizeReceipt(code);
  if (!normal.ok) throw new Refusal('receipt.invalid', 'This is not a well-formed receipt code.');
  const found = await findReceipt(ctx.db, pollId, hashReceipt(pollId, normal.code));
  return {
    pollId,
    status: (found ? 'counted' : 'not_found') as ReceiptStatus,
    receiptsRoot: poll.receipts_root,
  };
}

/**
 * A receipt checked by its code alone. The hash of a receipt names its poll, so the code is hashed
 * for every poll whose receipts can be checked (closed or declared) and looked up once. A code of a
 * poll still open is not found yet: until the close its hash exists only inside a sealed ballot.
 */
export async function checkReceiptCode(ctx: ServiceContext, code: string) {
  const normal = normalizeReceipt(code);
  if (!normal.ok) throw new Refusal('receipt.invalid', 'This is not a well-formed receipt code.');
  const polls = await checkablePolls(ctx.db);
  const found = await countedAmong(
    ctx.db,
    polls.map((p) => ({ pollId: p.id, hash: hashReceipt(p.id, normal.code) })),
  );
  const poll = polls.find((p) => p.id === found[0]);
  if (!poll) {
    return {
      status: 'not_found',
      pollId: null,
      assemblyId: null,
      itemTitle: null,
      round: null,
      receiptsRoot: null,
    } as const;
  }
  return {
    status: 'counted',
    pollId: poll.id,
    assemblyId: poll.assembly_id,
    itemTitle: poll.item_title,
    round: poll.round,
    receiptsRoot: poll.receipts_root,
  } as const;
}

/** The receipts this member was given in this assembly, opened with the key of their session. */
export async function myReceipts(
  ctx: ServiceContext,
  assemblyId: string,
  memberId: string,
  key: Uint8Array | null,
) {
  if (key === null) return { receipts: [] };
  const kept = (await keptReceiptRows(ctx.db, assemblyId, memberId)).flatMap((row) => {
    const vote = { pollId: row.poll_id, memberId: row.member_id, casterId: memberId };
    const receipt = openKeptReceipt(key, vote, row.kept);
    return receipt === undefined ? [] : [{ pollId: vote.pollId, memberId: vote.memberId, receipt }];
  });
  const names = await memberNames(ctx.db, [...new Set(kept.map((r) => r.memberId))]);
  return { receipts: kept.map((r) => ({ ...r, name: names.get(r.memberId) ?? '' })) };
}
