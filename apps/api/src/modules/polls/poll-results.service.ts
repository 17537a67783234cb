import {
  type AssemblyForm,
  correctDeclaration,
  countBallots,
  currentDeclaration,
  type Declaration,
  recordAcceptance as decideAcceptance,
  decidePoll,
  motionChoice,
  type SeatAward,
} from '@plenum/domain';
import { type CanonicalObject, pollClose } from '@plenum/ledger';
import { overlap } from '../../db/overlap.ts';
import type { PollStatus } from '../../db/schema.ts';
import type { Trx } from '../../db/types.ts';
import { randomUuid, randomUuids } from '../../ids.ts';
import { requireAssembly, statuteOf } from '../assemblies/assemblies.service.ts';
import { assertAssemblyPermits } from '../assemblies/assembly-state.ts';
import { settleAdvanceVotes } from '../ballots/advance-votes.service.ts';
import { ledgerBallot } from '../ballots/ballot-leaf.ts';
import { openContent } from '../ballots/ballot-seal.ts';
import { insertCounted, type OpenedBallot, takeSealed } from '../ballots/cast.queries.ts';
import { type Actor, actorLabel, type ServiceContext } from '../context.ts';
import { declarableTally } from '../hall/hall.service.ts';
import { appendLedger } from '../ledger/ledger.queries.ts';
import { Refusal, refuse } from '../refusal.ts';
import { evaluateElection } from './elections.ts';
import { decidedTallyOf } from './lot-tally.ts';
import { closedView, domainPoll, loadDomainPoll, lockedPoll, type PollRecord } from './poll-state.ts';
import {
  candidateDecisions,
  declarationsOf,
  insertCorrection,
  insertDeclaration,
  markPollClosed,
  markPollDeclared,
  participationOf,
  participationRoot,
  quorumAttendance,
  recordCandidateDecision,
} from './polls.queries.ts';

/**
 * Closes a poll. The exclusive poll lock waits for every cast in flight and turns away later ones,
 * so a ballot is either counted or rejected, never lost. Every sealed ballot is opened in memory,
 * the whole set is written in an order nobody chose and committed as one Merkle root; then the
 * tally, the roots and the head hash are recorded. Closing twice is harmless.
 */
export async function closePoll(ctx: ServiceContext, pollId: string, actor: Actor) {
  const result = await ctx.db.transaction().execute(async (trx) => {
    const row = await lockedPoll(trx, pollId);
    if (row.status === 'closed' || row.status === 'declared')
      return { ...closedView(row), fresh: false, row };
    if (row.status === 'draft') throw new Refusal('poll.not_open', 'A draft poll cannot be closed.');
    const now = ctx.clock.now();
    const { ballots, participation, seal, participationFingerprint } = await openAndCount(ctx, trx, row);
    const tally = await computeResult(trx, row, ballots, now);
    const [entry] = await appendLedger(trx, [
      {
        type: 'poll.closed',
        at: now,
        assemblyId: row.assembly_id,
        payload: {
          ...seal,
          participation: participation.length,
          participationRoot: participationFingerprint,
          tally: tally as CanonicalObject,
          by: actorLabel(actor),
        },
      },
    ]);
    const updated = await markPollClosed(trx, pollId, {
      at: now,
      ballotsRoot: seal.ballotsRoot,
      receiptsRoot: seal.receiptsRoot,
      ballotCount: ballots.length,
      closeLedgerSeq: entry?.seq ?? null,
      tally: JSON.stringify(tally),
    });
    return { ...closedView(updated), ledgerHead: entry?.hash ?? null, fresh: true, row: updated };
  });
  const { fresh, row, ...view } = result;
  if (fresh) ctx.afterCommit?.({ type: 'poll.closed', assemblyId: row.assembly_id, pollId });
  return view;
}

/**
 * Settles the advance votes (R5, C8), opens every sealed ballot of the poll, gives each a fresh
 * random id and writes ballots and receipt hashes as one set. Ballots, receipts and participation
 * must agree one to one; a sealed ballot that does not open (altered in the database) stops the
 * close rather than being dropped.
 */
async function openAndCount(ctx: ServiceContext, trx: Trx, row: PollRecord) {
  const advance = await settleAdvanceVotes(ctx, trx, row);
  const sealed = await takeSealed(trx, row.id);
  const ballots: OpenedBallot[] = [];
  const receipts: string[] = [];
  const ids = randomUuids(ctx.random, sealed.length + advance.length);
  for (const hex of sealed) {
    let opened: ReturnType<typeof openContent>;
    try {
      opened = openContent(ctx.ballotKeys, row.id, hex);
    } catch {
      throw new Refusal('poll.tally_mismatch', 'A sealed ballot of this poll does not open.');
    }
    ballots.push({
      id: ids[ballots.length] as string,
      memberId: opened.memberId,
      weight: opened.weight,
      choice: opened.choice,
    });
    receipts.push(opened.receiptHash);
  }
  for (const v of advance) {
    ballots.push({
      id: ids[ballots.length] as string,
      memberId: row.secret ? null : v.memberId,
      weight: v.weight,
      choice: v.choice,
    });
    receipts.push(v.receiptHash);
  }
  const participation = await participationOf(trx, row.id);
  if (participation.length !== ballots.length || new Set(receipts).size !== ballots.length) {
    throw new Refusal('poll.tally_mismatch', 'Ballots, receipts and participation differ.', {
      ballots: ballots.length,
      receipts: new Set(receipts).size,
      participation: participation.length,
    });
  }
  // The Merkle roots of the ledger entry are computed while the database writes the same sets.
  const roots = await overlap(insertCounted(trx, row.id, row.secret, ballots, receipts), () => ({
    seal: pollClose(row.id, ballots.map(ledgerBallot(row.id)), receipts),
    participationFingerprint: participationRoot(participation),
  }));
  return { ballots, participation, ...roots };
}

/** The computed result: a majority tally (R12–R15) or an election round (C6, R22). */
async function computeResult(
  trx: Trx,
  row: PollRecord,
  ballots: readonly { choice: unknown; weight: number }[],
  now: Date,
): Promise<Record<string, unknown>> {
  const statute = statuteOf(await requireAssembly(trx, row.assembly_id));
  if (row.kind === 'election') {
    const result = evaluateElection(row, ballots, statute);
    if (!result.ok) throw refuse(result);
    return { ...result.value, excluded: row.votes_excluded ?? 0, ballots: ballots.length };
  }
  // The same counter the offline verifier uses (packages/domain).
  const counts = countBallots(ballots.map((b) => ({ choice: motionChoice(b.choice), weight: b.weight })));
  // C4: a statute quorum is judged on the members present or represented when the poll closes;
  // the figures are recorded with the tally so that the verifier recomputes the same decision.
  const attendance =
    statute.quorum.kind === 'none' ? undefined : await quorumAttendance(trx, row.id, row.assembly_id);
  const next = decidePoll(
    domainPoll(row, statute),
    { type: 'close', counts, ...(attendance === undefined ? {} : { attendance }) },
    now.toISOString(),
  );
  if (!next.ok) throw refuse(next);
  if (next.value.status !== 'closed') throw new Error('unreachable: close did not close');
  const tally = next.value.tally as unknown as Record<string, unknown>;
  return attendance === undefined ? tally : { ...tally, attendance };
}

export interface DeclareInput {
  /** The declaration as read out, in `lang` (German when not given). */
  text: string;
  lang?: 'de' | 'en';
  /** The same declaration in the other language, for screens in that language. */
  translation?: string;
  /** Defaults to the computed outcome; a different one needs a reason (R29). */
  outcome?: 'passed' | 'failed';
  deviationReason?: string;
}

/**
 * The chair's declaration (R29): stored apart from the computed tally; afterwards the result is
 * immutable and corrections are appended. For an election, the outcome is whether every seat
 * found a candidate; seats are filled only once acceptance is recorded (R22).
 */
export async function declarePoll(ctx: ServiceContext, pollId: string, input: DeclareInput, actor: Actor) {
  const declared = await ctx.db.transaction().execute(async (trx) => {
    const row = await lockedPoll(trx, pollId);
    if (row.rehearsal)
      throw new Refusal('poll.rehearsal_not_declared', 'A rehearsal counts nowhere; it has no declaration.');
    const assembly = await requireAssembly(trx, row.assembly_id);
    const statute = statuteOf(assembly);
    // Lifecycle: the chair declares while the assembly is open.
    await assertAssemblyPermits(trx, row.assembly_id, 'record');
    const now = ctx.clock.now();
    // R27: a poll counted in the hall is declared with its confirmed hall count, never before.
    const counted = await declarableTally(trx, row, assembly.form as AssemblyForm);
    // R22: a tie on the last seats is declared only once the chair has drawn the lot.
    const { tally: decided, lot } = await decidedTallyOf(trx, pollId, counted);
    if ((row.tally as { tie?: { settledBy?: string } } | null)?.tie?.settledBy === 'lot' && lot === null)
      throw new Refusal(
        'poll.lot_required',
        'The election ended in a tie on the last seats: draw the lot before declaring the result.',
      );
    const tally = decided as { passed?: boolean; outcome?: string } | null;
    const computed =
      row.kind === 'election'
        ? tally?.outcome === 'election.all_seats_filled'
          ? 'passed'
          : 'failed'
        : tally?.passed
          ? 'passed'
          : 'failed';
    const declarationId = randomUuid(ctx.random);
    // The lifecycle rules (closed before declared, a deviation needs its reason) are the domain's.
    const current = await loadDomainPoll(trx, row, statute);
    const next = decidePoll(
      current.status === 'closed'
        ? { ...current, tally: { ...current.tally, passed: computed === 'passed' } }
        : current,
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
      tally,
      deviationReason: declaration.deviationReason ?? null,
    };
    await insertDeclaration(trx, {
      id: declarationId,
      pollId,
      text: declaration.text,
      lang: input.lang ?? 'de',
      translation: input.translation ?? null,
      result: JSON.stringify(result),
      declaredBy: declaration.declaredBy,
      at: now,
    });
    await markPollDeclared(trx, pollId);
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
          lang: input.lang ?? 'de',
          translation: input.translation ?? null,
          deviationReason: declaration.deviationReason ?? null,
          by: declaration.declaredBy,
        },
      },
    ]);
    return { id: pollId, assemblyId: row.assembly_id, status: 'declared' as PollStatus, declaration };
  });
  ctx.afterCommit?.({ type: 'poll.declared', assemblyId: declared.assemblyId, pollId });
  return declared;
}

/**
 * R22: an elected candidate accepts or declines office; the seat is filled only on acceptance,
 * and the decision cannot change once recorded.
 */
export async function recordAcceptance(
  ctx: ServiceContext,
  pollId: string,
  input: { memberId: string; accepted: boolean },
  actor: Actor,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockedPoll(trx, pollId);
    await assertAssemblyPermits(trx, row.assembly_id, 'record');
    if (row.kind !== 'election' || (row.status !== 'closed' && row.status !== 'declared')) {
      throw new Refusal('poll.not_closed', 'Acceptance is recorded for a counted election round.');
    }
    const { tally: round } = await decidedTallyOf(trx, pollId, row.tally);
    const elected = ((round as { elected?: { candidateId: string }[] } | null)?.elected ?? []).map(
      (e) => e.candidateId,
    );
    const decided = await candidateDecisions(trx, row.agenda_item_id);
    const now = ctx.clock.now();
    const awards: SeatAward[] = elected.map((candidateId) => {
      const c = decided.find((d) => d.member_id === candidateId);
      if (c?.accepted_at) return { candidateId, status: 'accepted' };
      if (c?.declined_at) return { candidateId, status: 'declined' };
      return { candidateId, status: 'awaiting_acceptance' };
    });
    const next = decideAcceptance(
      awards,
      { candidateId: input.memberId, accepted: input.accepted },
      now.toISOString(),
    );
    if (!next.ok) throw refuse(next);
    await recordCandidateDecision(trx, row.agenda_item_id, input.memberId, {
      accepted: input.accepted,
      at: now,
    });
    await appendLedger(trx, [
      {
        type: 'election.acceptance',
        at: now,
        assemblyId: row.assembly_id,
        payload: { pollId, candidateId: input.memberId, accepted: input.accepted, by: actorLabel(actor) },
      },
    ]);
    return { pollId, awards: next.value.map((a) => ({ memberId: a.candidateId, status: a.status })) };
  });
}

export interface CorrectionInput {
  text: string;
  outcome: 'passed' | 'failed';
  /** Why the declared result is corrected (R29: a correction states its reason). */
  reason: string;
}

/**
 * R29: corrects a declared result. The declaration in force stays stored as it was; the correction
 * is a new record that points to it, names who made it and why (`correctDeclaration` in the
 * domain), and is recorded in the ledger as a `poll.declared` entry carrying `corrects`. An outcome
 * that differs from the computed tally keeps the reason as its deviation reason. Only while the
 * assembly is open.
 */
export async function correctPollDeclaration(
  ctx: ServiceContext,
  pollId: string,
  input: CorrectionInput,
  actor: Actor,
) {
  const corrected = await ctx.db.transaction().execute(async (trx) => {
    const row = await lockedPoll(trx, pollId);
    await assertAssemblyPermits(trx, row.assembly_id, 'record');
    if (row.status !== 'declared')
      throw new Refusal('poll.not_declared', 'Only a declared result can be corrected.', {
        status: row.status,
      });
    const rows = await declarationsOf(trx, pollId);
    const records = rows.map(declarationRecord);
    const original = records.find((d) => d.corrects === undefined);
    if (original === undefined) throw new Error('unreachable: a declared poll has its declaration');
    const previous = currentDeclaration(
      original,
      records.filter((d) => d.corrects !== undefined),
    );
    const now = ctx.clock.now();
    const declarationId = randomUuid(ctx.random);
    const next = correctDeclaration(
      previous,
      {
        declarationId,
        pollId,
        declaredBy: actorLabel(actor),
        outcome: input.outcome,
        text: input.text,
        reason: input.reason,
      },
      now.toISOString(),
    );
    if (!next.ok) throw refuse(next);
    const computed = String(((rows[0]?.result ?? {}) as { computed?: string }).computed ?? '');
    // R27: a poll counted in the hall keeps its combined tally in the correction, too.
    const form = (await requireAssembly(trx, row.assembly_id)).form as AssemblyForm;
    const tally = await declarableTally(trx, row, form);
    const correctionReason = next.value.correctionReason ?? '';
    const deviationReason = next.value.outcome === computed ? null : correctionReason;
    await insertCorrection(trx, {
      id: declarationId,
      pollId,
      correctsId: previous.id,
      text: next.value.text,
      result: { outcome: next.value.outcome, computed, tally, deviationReason, correctionReason },
      declaredBy: next.value.declaredBy,
      at: now,
    });
    await appendLedger(trx, [
      {
        type: 'poll.declared',
        at: now,
        assemblyId: row.assembly_id,
        payload: {
          pollId,
          declarationId,
          corrects: previous.id,
          correctionReason,
          outcome: next.value.outcome,
          computed,
          text: next.value.text,
          deviationReason,
          by: next.value.declaredBy,
        },
      },
    ]);
    return { assemblyId: row.assembly_id, declaration: next.value };
  });
  ctx.afterCommit?.({ type: 'poll.declared', assemblyId: corrected.assemblyId, pollId });
  return corrected;
}

/** A stored declaration as the domain's record (R29). */
function declarationRecord(d: Awaited<ReturnType<typeof declarationsOf>>[number]): Declaration {
  const result = d.result as { outcome?: string; deviationReason?: string | null; correctionReason?: string };
  return {
    id: d.id,
    pollId: d.poll_id,
    declaredAt: new Date(d.at).toISOString(),
    declaredBy: d.declared_by,
    outcome: result.outcome === 'passed' ? 'passed' : 'failed',
    text: d.text,
    ...(result.deviationReason ? { deviationReason: result.deviationReason } : {}),
    ...(d.corrects_id === null ? {} : { corrects: d.corrects_id }),
    ...(result.correctionReason ? { correctionReason: result.correctionReason } : {}),
  };
}
