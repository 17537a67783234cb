import { castableVotes } from '@plenum/domain';
import { createReceipt, hashReceipt, normalizeReceipt, RECEIPT_RANDOM_BYTES } from '@plenum/ledger';
import type { ParticipationChannel } from '../../db/schema.ts';
import type { Trx } from '../../db/types.ts';
import { ApiError } from '../../http/errors.ts';
import { presentAmong } from '../attendance/attendance.queries.ts';
import type { ServiceContext } from '../context.ts';
import { lockPollShared } from '../ledger/ledger.queries.ts';
import { findPoll, partialRoll } from '../polls/polls.queries.ts';
import { activeGrants } from '../proxies/proxies.queries.ts';
import { advanceOutranksProxy } from './advance-votes.service.ts';
import { checkChoice } from './ballot-choice.ts';
import { sealContent } from './ballot-seal.ts';
import { type CastView, insertCast, readCastView } from './cast.queries.ts';

export interface CastVote {
  /** Whose vote: the voter's own member id, a represented member's, or a principal's. */
  memberId: string;
  choice: unknown;
}

export interface CastInput {
  pollId: string;
  /** The logged-in member casting (in person or online). */
  voterId: string;
  votes: CastVote[];
}

export interface CastReceipt {
  memberId: string;
  receipt: string;
}

/** How an accepted vote is recorded: its channel (R5, R27) and its weight (R1, C1). */
interface Authorised {
  channel: ParticipationChannel;
  weight: number;
}

/**
 * Casts one or more votes in one transaction: the voter's own and, for a proxy holder or
 * representative, each represented member's — each recorded as its own ballot (R7; PEERS pain
 * point 2). Either all are accepted or none. The shared poll lock lets casts run in parallel while
 * a close waits for them; the unique participation row makes one member, one vote a database fact.
 * Five round trips: BEGIN, lock, one read, one write (participation and sealed ballot), COMMIT.
 */
export async function castBallots(ctx: ServiceContext, input: CastInput): Promise<CastReceipt[]> {
  if (input.votes.length === 0) throw new ApiError(400, 'vote.empty', 'No votes in the request.');
  const memberIds = [...new Set(input.votes.map((v) => v.memberId))];
  if (memberIds.length !== input.votes.length) {
    throw new ApiError(409, 'vote.duplicate', 'The request casts twice for the same member.');
  }
  try {
    const { receipts, assemblyId } = await ctx.db.transaction().execute(async (trx) => {
      await lockPollShared(trx, input.pollId);
      const view = await readCastView(trx, input.pollId, input.voterId, memberIds);
      if (!view) throw new ApiError(404, 'poll.not_found', 'No poll with this id.', { pollId: input.pollId });
      if (view.status !== 'open') {
        throw new ApiError(409, 'poll.not_open', 'This poll is not open for votes.', {
          status: view.status,
        });
      }
      for (const vote of input.votes) checkChoice(view, vote.choice);
      const authorised = await authorise(trx, view, input.voterId, memberIds);
      return { receipts: await store(ctx, trx, view, input, authorised), assemblyId: view.assembly_id };
    });
    ctx.afterCommit?.({ type: 'ballot.cast', assemblyId, pollId: input.pollId });
    return receipts;
  } catch (error) {
    const constraint = uniqueViolation(error);
    if (constraint === 'participation_pkey') throw await duplicateError(ctx, input.pollId, memberIds);
    throw error;
  }
}

function uniqueViolation(error: unknown): string | undefined {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' ? (e.constraint ?? 'unknown') : undefined;
}

async function duplicateError(
  ctx: ServiceContext,
  pollId: string,
  memberIds: readonly string[],
): Promise<ApiError> {
  const done = await ctx.db
    .selectFrom('participation')
    .select('member_id')
    .where('poll_id', '=', pollId)
    .where('member_id', 'in', memberIds)
    .execute();
  return new ApiError(409, 'vote.duplicate', 'A vote has already been cast for this member in this poll.', {
    memberIds: done.map((r) => r.member_id),
  });
}

/**
 * Who may cast which of the requested votes (R3, R4, R7, R10), decided by the domain on the part of
 * the roll that matters; then presence (R25) and channel precedence (R5: a principal who is present
 * votes personally, so the proxy does not apply).
 */
async function authorise(
  trx: Trx,
  view: CastView,
  voterId: string,
  memberIds: readonly string[],
): Promise<Map<string, Authorised>> {
  const presence = view.presence;
  if (presence?.event !== 'check_in') {
    throw new ApiError(403, 'vote.not_present', 'Check in first: only members present may vote.');
  }
  // Only votes for others need the proxy register (the common case is one's own vote).
  const others = memberIds.filter((id) => id !== voterId);
  const grants =
    others.length === 0 ? [] : await activeGrants(trx, view.assembly_id, { principalIds: others });
  const roll = partialRoll(view, view.roll, { id: voterId, excludedReason: view.voter_excluded });
  const castable = new Map(castableVotes(voterId, roll, grants).map((c) => [c.memberId, c] as const));
  const byProxy = memberIds.filter((id) => castable.get(id)?.capacity === 'proxy');
  const presentPrincipals = await presentAmong(trx, view.assembly_id, byProxy);
  const advanceFirst =
    byProxy.length > 0 ? await advanceVotesOutranking(trx, view, byProxy) : new Set<string>();
  const authorised = new Map<string, Authorised>();
  for (const memberId of memberIds) {
    const can = castable.get(memberId);
    if (can === undefined) throw refusal(memberId, view.roll, view.voter_excluded ?? undefined);
    if (can.capacity === 'proxy' && presentPrincipals.has(memberId)) {
      throw new ApiError(
        409,
        'vote.principal_present',
        'The principal is present and votes in person (R5).',
        {
          memberId,
        },
      );
    }
    if (can.capacity === 'proxy' && advanceFirst.has(memberId)) {
      throw new ApiError(
        409,
        'vote.superseded_by_advance',
        "The statute ranks this member's advance vote first.",
        {
          memberId,
        },
      );
    }
    authorised.set(memberId, {
      channel: can.capacity === 'proxy' ? 'proxy' : presence.channel,
      weight: can.votes,
    });
  }
  return authorised;
}

/** Principals whose advance vote the statute ranks above a proxy vote (C8; off by default). */
async function advanceVotesOutranking(
  trx: Trx,
  view: CastView,
  principals: readonly string[],
): Promise<Set<string>> {
  const assembly = await trx
    .selectFrom('assemblies')
    .select('statute')
    .where('id', '=', view.assembly_id)
    .executeTakeFirst();
  const precedence = (assembly?.statute as { channels?: { precedence?: string[] } } | undefined)?.channels
    ?.precedence;
  if (!precedence || !advanceOutranksProxy(precedence)) return new Set();
  const rows = await trx
    .selectFrom('advance_votes')
    .select('member_id')
    .where('poll_id', '=', view.id)
    .where('member_id', 'in', principals)
    .execute();
  return new Set(rows.map((r) => r.member_id));
}

function refusal(
  memberId: string,
  rollRows: readonly { member_id: string; status: string; reason: string | null }[],
  voterExcluded: string | undefined,
): ApiError {
  if (voterExcluded !== undefined) {
    return new ApiError(
      403,
      'vote.voter_excluded',
      'You are barred from voting on this item (§43(6) GenG).',
      {
        reason: voterExcluded,
      },
    );
  }
  const row = rollRows.find((r) => r.member_id === memberId);
  if (row === undefined || row.status === 'ineligible') {
    return new ApiError(403, 'vote.not_on_roll', 'This member is not entitled to vote in this poll.', {
      memberId,
      reason: row?.reason ?? 'roll.not_on_register',
    });
  }
  if (row.status === 'excluded') {
    return new ApiError(
      403,
      'vote.excluded',
      'This member is barred from voting on this item (§43(6) GenG).',
      {
        memberId,
        reason: row.reason,
      },
    );
  }
  return new ApiError(403, 'vote.no_authority', "You may not cast this member's vote.", { memberId });
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
  authorised: Map<string, Authorised>,
): Promise<CastReceipt[]> {
  const receipts = input.votes.map((v) => ({
    memberId: v.memberId,
    receipt: createReceipt(ctx.random.bytes(RECEIPT_RANDOM_BYTES)),
  }));
  await insertCast(trx, {
    pollId: view.id,
    participation: input.votes.map((v) => ({
      memberId: v.memberId,
      channel: authorised.get(v.memberId)?.channel ?? 'room',
      castBy: v.memberId === input.voterId ? null : input.voterId,
    })),
    sealed: input.votes.map((v, i) =>
      sealContent(ctx.ballotKeys, ctx.random, view, {
        choice: v.choice,
        weight: authorised.get(v.memberId)?.weight ?? 1,
        receiptHash: hashReceipt(view.id, (receipts[i] as CastReceipt).receipt),
        memberId: view.secret ? null : v.memberId,
      }),
    ),
  });
  return receipts;
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
  const found = await ctx.db
    .selectFrom('receipts')
    .select('receipt_hash')
    .where('poll_id', '=', pollId)
    .where('receipt_hash', '=', hashReceipt(pollId, normal.code))
    .executeTakeFirst();
  return {
    pollId,
    status: (found ? 'counted' : 'not_found') as ReceiptStatus,
    receiptsRoot: poll.receipts_root,
  };
}
