import {
  createPoll as decideCreate,
  decidePoll,
  type ExclusionItem,
  exclusionsForItem,
  type ItemKind,
  itemKindRule,
  type Poll,
  type RollSnapshot,
  type SecretBallotRequest,
  secretBallotDecision,
  snapshotRoll,
  type Tally,
  type VoteCounts,
} from '@plenum/domain';
import { type CanonicalObject, pollClose } from '@plenum/ledger';
import type { PollStatus } from '../../db/schema.ts';
import type { Trx } from '../../db/types.ts';
import { ApiError } from '../../http/errors.ts';
import { requireAssembly, statuteOf } from '../assemblies/assemblies.service.ts';
import { chainPending, ledgerBallot } from '../ballots/chainer.ts';
import { type Actor, actorLabel, type ServiceContext } from '../context.ts';
import { appendLedger, lockPollExclusive } from '../ledger/ledger.queries.ts';
import { loadDomainMembers, loadOffices } from '../members/members.queries.ts';
import { findPoll, insertRoll, participationRoot, type RollRow, rollRoot } from './polls.queries.ts';

const MOTION_OPTIONS = ['yes', 'no', 'abstain'] as const;

export interface CreatePollInput {
  agendaItemId: string;
  /** R24: a request for a secret ballot with its support; the statute's triggers decide. */
  secretRequest?: SecretBallotRequest;
  method?: string;
}

/** Creates a draft poll for an agenda item; threshold and secrecy follow from the item kind (R15, R24). */
export async function createPoll(
  ctx: ServiceContext,
  assemblyId: string,
  input: CreatePollInput,
  actor: Actor,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const assembly = await requireAssembly(trx, assemblyId);
    const item = await trx
      .selectFrom('agenda_items')
      .selectAll()
      .where('id', '=', input.agendaItemId)
      .where('assembly_id', '=', assemblyId)
      .executeTakeFirst();
    if (!item)
      throw new ApiError(404, 'agenda.item_not_found', 'No agenda item with this id in this assembly.');
    const statute = statuteOf(assembly);
    const kind = item.kind as ItemKind;
    const secrecy = secretBallotDecision(kind, statute, input.secretRequest);
    const id = crypto.randomUUID();
    const draft = decideCreate({
      id,
      itemId: item.id,
      itemKind: kind,
      statute,
      secret: secrecy.secret,
      legalFormObjectionQuorumMet: item.details.legalFormObjectionQuorumMet === true,
    });
    if (!draft.ok) throw new ApiError(422, draft.reason, draft.message, { ...draft.details });
    const previous = await trx
      .selectFrom('polls')
      .select((eb) => eb.fn.max('round').as('round'))
      .where('agenda_item_id', '=', item.id)
      .executeTakeFirst();
    const row = await trx
      .insertInto('polls')
      .values({
        id,
        assembly_id: assemblyId,
        agenda_item_id: item.id,
        round: (previous?.round ?? 0) + 1,
        kind: 'majority',
        item_kind: kind,
        method: input.method ?? statute.voting.defaultMethod,
        secret: draft.value.secret,
        threshold_num: draft.value.threshold.num,
        threshold_den: draft.value.threshold.den,
        options: JSON.stringify(MOTION_OPTIONS),
        config: JSON.stringify({ secrecyReason: secrecy.reason, legalBasis: itemKindRule(kind).legalBasis }),
      })
      .returning(['id', 'round', 'secret', 'threshold_num', 'threshold_den'])
      .executeTakeFirstOrThrow();
    await appendLedger(trx, [
      {
        type: 'poll.created',
        at: ctx.clock.now(),
        assemblyId,
        payload: {
          pollId: id,
          itemId: item.id,
          itemKind: kind,
          round: row.round,
          secret: row.secret,
          secrecyReason: secrecy.reason,
          threshold: { num: row.threshold_num, den: row.threshold_den },
          by: actorLabel(actor),
        },
      },
    ]);
    return row;
  });
}

async function lockedPoll(trx: Trx, pollId: string) {
  await lockPollExclusive(trx, pollId);
  const poll = await findPoll(trx, pollId);
  if (!poll) throw new ApiError(404, 'poll.not_found', 'No poll with this id.', { pollId });
  return poll;
}

/** Rebuilds the domain's view of a stored poll (the roll only as far as the lifecycle needs it). */
function domainPoll(row: NonNullable<Awaited<ReturnType<typeof findPoll>>>, statute = {}): Poll {
  const base = {
    id: row.id,
    itemId: row.agenda_item_id,
    itemKind: row.item_kind as ItemKind,
    threshold: { num: row.threshold_num, den: row.threshold_den },
    quorum: (statute as { quorum?: Poll['quorum'] }).quorum ?? { kind: 'none' as const },
    secret: row.secret,
  };
  if (row.status === 'draft') return { ...base, status: 'draft' };
  const openedAt = new Date(row.opened_at ?? 0).toISOString();
  const roll: RollSnapshot = {
    pollId: row.id,
    takenAt: openedAt,
    itemKind: base.itemKind,
    entries: [],
    ineligible: [],
    exclusions: [],
    votesAvailable: row.votes_available ?? 0,
    votesExcluded: row.votes_excluded ?? 0,
  };
  const open = { ...base, openedAt, roll };
  if (row.status === 'open') return { ...open, status: 'open' };
  const closedAt = new Date(row.closed_at ?? 0).toISOString();
  return { ...open, status: 'closed', closedAt, tally: row.tally as unknown as Tally };
}

function refuse(result: {
  ok: false;
  reason: string;
  message: string;
  details?: Readonly<Record<string, unknown>>;
}) {
  const status = result.reason === 'poll.not_open' || result.reason === 'poll.not_draft' ? 409 : 422;
  return new ApiError(status, result.reason as never, result.message, { ...result.details });
}

/**
 * Opens a poll: takes the roll at this instant (R3), computes the §43(6) exclusions (R10–R12),
 * stores the snapshot and records its fingerprint in the ledger.
 */
export async function openPoll(ctx: ServiceContext, pollId: string, actor: Actor) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockedPoll(trx, pollId);
    const assembly = await requireAssembly(trx, row.assembly_id);
    const statute = statuteOf(assembly);
    const now = ctx.clock.now();
    const item = await trx
      .selectFrom('agenda_items')
      .selectAll()
      .where('id', '=', row.agenda_item_id)
      .executeTakeFirstOrThrow();
    const members = await loadDomainMembers(trx);
    const offices = await loadOffices(trx);
    const details = item.details as Partial<ExclusionItem> & { legalFormObjectionQuorumMet?: boolean };
    const exclusions = exclusionsForItem(
      { ...details, kind: row.item_kind as ItemKind },
      offices.boards,
      members,
      statute,
    );
    if (!exclusions.ok)
      throw new ApiError(422, exclusions.reason, exclusions.message, { ...exclusions.details });
    const roll = snapshotRoll({
      pollId,
      at: now.toISOString(),
      item: { ...details, kind: row.item_kind as ItemKind },
      members,
      exclusions: exclusions.value,
      statute,
    });
    const next = decidePoll(domainPoll(row, statute), { type: 'open', roll }, roll.takenAt);
    if (!next.ok) throw refuse(next);
    const rows = rollRows(roll);
    await insertRoll(trx, pollId, rows);
    if (roll.exclusions.length > 0) {
      await trx
        .insertInto('poll_excluded_persons')
        .values(roll.exclusions.map((e) => ({ poll_id: pollId, person_id: e.personId, reason: e.reason })))
        .execute();
    }
    await trx
      .updateTable('polls')
      .set({
        status: 'open',
        opened_at: now,
        votes_available: roll.votesAvailable,
        votes_excluded: roll.votesExcluded,
      })
      .where('id', '=', pollId)
      .execute();
    await appendLedger(trx, [
      {
        type: 'poll.opened',
        at: now,
        assemblyId: row.assembly_id,
        payload: {
          pollId,
          rollRoot: rollRoot(rows),
          eligible: roll.entries.filter((e) => e.excluded === null).length,
          votesAvailable: roll.votesAvailable,
          votesExcluded: roll.votesExcluded,
          exclusions: roll.exclusions.map((e) => ({ personId: e.personId, reason: e.reason })),
          by: actorLabel(actor),
        },
      },
    ]);
    ctx.afterCommit?.({ type: 'poll.opened', assemblyId: row.assembly_id, pollId });
    return {
      id: pollId,
      status: 'open' as PollStatus,
      votesAvailable: roll.votesAvailable,
      votesExcluded: roll.votesExcluded,
    };
  });
}

/** One row per member on the register: eligible, excluded (§43(6)) or ineligible (R3), with why. */
function rollRows(roll: RollSnapshot): RollRow[] {
  const rows: RollRow[] = roll.entries.map((e) => ({
    member_id: e.memberId,
    status: e.excluded === null ? 'eligible' : 'excluded',
    votes: e.votes,
    // The member's own login acts for it too (a legal person's representative uses its code).
    actors: [...new Set([e.memberId, ...e.actors])],
    reason: e.excluded,
  }));
  for (const i of roll.ineligible)
    rows.push({ member_id: i.memberId, status: 'ineligible', votes: 0, actors: [], reason: i.reason });
  return rows;
}

/**
 * Closes a poll. The exclusive poll lock waits for every cast in flight and turns away later ones,
 * so a ballot is either counted or rejected, never lost. Every pending ballot is chained, then the
 * tally, the Merkle roots and the head hash are recorded. Closing twice is harmless.
 */
export async function closePoll(ctx: ServiceContext, pollId: string, actor: Actor) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockedPoll(trx, pollId);
    if (row.status === 'closed' || row.status === 'declared') return closedView(row);
    const assembly = await requireAssembly(trx, row.assembly_id);
    const now = ctx.clock.now();
    await chainPending(trx, now, { pollId, minBatch: 1, limit: 1_000_000_000 });
    const ballots = await trx
      .selectFrom('ballots')
      .select(['id', 'poll_id', 'member_id', 'weight', 'choice'])
      .where('poll_id', '=', pollId)
      .execute();
    const receipts = await trx
      .selectFrom('receipts')
      .select('receipt_hash')
      .where('poll_id', '=', pollId)
      .execute();
    const participation = await trx
      .selectFrom('participation')
      .select(['member_id', 'channel', 'cast_by'])
      .where('poll_id', '=', pollId)
      .execute();
    if (participation.length !== ballots.length || receipts.length !== ballots.length) {
      throw new ApiError(500, 'poll.tally_mismatch', 'Ballots, receipts and participation differ.', {
        ballots: ballots.length,
        receipts: receipts.length,
        participation: participation.length,
      });
    }
    const counts = countChoices(ballots);
    const next = decidePoll(
      domainPoll(row, statuteOf(assembly)),
      { type: 'close', counts },
      now.toISOString(),
    );
    if (!next.ok) throw refuse(next);
    if (next.value.status !== 'closed') throw new Error('unreachable: close did not close');
    const seal = pollClose(
      pollId,
      ballots.map(ledgerBallot),
      receipts.map((r) => r.receipt_hash),
    );
    const tally = next.value.tally;
    const [entry] = await appendLedger(trx, [
      {
        type: 'poll.closed',
        at: now,
        assemblyId: row.assembly_id,
        payload: {
          ...seal,
          participation: participation.length,
          participationRoot: participationRoot(participation),
          tally: tally as unknown as CanonicalObject,
          by: actorLabel(actor),
        },
      },
    ]);
    const updated = await trx
      .updateTable('polls')
      .set({
        status: 'closed',
        closed_at: now,
        ballots_root: seal.ballotsRoot,
        receipts_root: seal.receiptsRoot,
        ballot_count: ballots.length,
        close_ledger_seq: entry?.seq ?? null,
        tally: JSON.stringify(tally),
      })
      .where('id', '=', pollId)
      .returningAll()
      .executeTakeFirstOrThrow();
    ctx.afterCommit?.({ type: 'poll.closed', assemblyId: row.assembly_id, pollId });
    return { ...closedView(updated), ledgerHead: entry?.hash ?? null };
  });
}

function countChoices(ballots: readonly { choice: unknown; weight: number }[]): VoteCounts {
  const counts = { yes: 0, no: 0, abstain: 0, invalid: 0 };
  for (const b of ballots) {
    const choice = b.choice as keyof VoteCounts;
    counts[choice in counts ? choice : 'invalid'] += b.weight;
  }
  return counts;
}

function closedView(row: NonNullable<Awaited<ReturnType<typeof findPoll>>>) {
  return {
    id: row.id,
    status: row.status,
    ballotCount: row.ballot_count,
    ballotsRoot: row.ballots_root,
    receiptsRoot: row.receipts_root,
    tally: row.tally,
  };
}

export interface DeclareInput {
  text: string;
  /** Defaults to the computed outcome; a different one needs a reason (R29). */
  outcome?: 'passed' | 'failed';
  deviationReason?: string;
}

/**
 * The chair's declaration (R29): stored apart from the computed tally; afterwards the result is
 * immutable and corrections are appended.
 */
export async function declarePoll(ctx: ServiceContext, pollId: string, input: DeclareInput, actor: Actor) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockedPoll(trx, pollId);
    if (row.status === 'declared') {
      throw new ApiError(
        409,
        'poll.already_declared',
        'A declared result is immutable; record a correction.',
      );
    }
    const assembly = await requireAssembly(trx, row.assembly_id);
    const now = ctx.clock.now();
    const computed = (row.tally as { passed?: boolean } | null)?.passed ? 'passed' : 'failed';
    const declarationId = crypto.randomUUID();
    const next = decidePoll(
      domainPoll(row, statuteOf(assembly)),
      {
        type: 'declare',
        declarationId,
        declaredBy: actorLabel(actor),
        outcome: input.outcome ?? computed,
        text: input.text,
        ...(input.deviationReason === undefined ? {} : { deviationReason: input.deviationReason }),
      },
      now.toISOString(),
    );
    if (!next.ok) throw refuse(next);
    if (next.value.status !== 'declared') throw new Error('unreachable: declare did not declare');
    const declaration = next.value.declaration;
    const result = {
      outcome: declaration.outcome,
      computed,
      tally: row.tally,
      deviationReason: declaration.deviationReason ?? null,
    };
    await trx
      .insertInto('declarations')
      .values({
        id: declarationId,
        poll_id: pollId,
        corrects_id: null,
        text: declaration.text,
        result: JSON.stringify(result),
        declared_by: declaration.declaredBy,
        at: now,
      })
      .execute();
    await trx.updateTable('polls').set({ status: 'declared' }).where('id', '=', pollId).execute();
    await appendLedger(trx, [
      {
        type: 'poll.declared',
        at: now,
        assemblyId: row.assembly_id,
        payload: {
          pollId,
          declarationId,
          outcome: declaration.outcome,
          computed,
          text: declaration.text,
          deviationReason: declaration.deviationReason ?? null,
          by: declaration.declaredBy,
        },
      },
    ]);
    ctx.afterCommit?.({ type: 'poll.declared', assemblyId: row.assembly_id, pollId });
    return { id: pollId, status: 'declared' as PollStatus, declaration };
  });
}
