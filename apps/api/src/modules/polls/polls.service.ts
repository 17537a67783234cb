import {
  type AssemblyForm,
  checkItemNotice,
  checkVotingMethod,
  dateOf,
  createPoll as decideCreate,
  decidePoll,
  type ExclusionItem,
  exclusionsForItem,
  type FloorMotionKind,
  type Fraction,
  floorMotionPollKind,
  type ItemKind,
  itemKindRule,
  type RollSnapshot,
  type SecretBallotRequest,
  SIMPLE_MAJORITY,
  type StatuteConfig,
  secretBallotDecision,
  snapshotRoll,
  type VotingMethod,
} from '@plenum/domain';
import type { CanonicalObject } from '@plenum/ledger';
import { overlap } from '../../db/overlap.ts';
import type { PollStatus } from '../../db/schema.ts';
import type { Trx } from '../../db/types.ts';
import { randomUuid } from '../../ids.ts';
import { findAgendaItem, getAgendaItem } from '../assemblies/agenda.queries.ts';
import { requireAssembly, statuteOf } from '../assemblies/assemblies.service.ts';
import { assertAssemblyPermits } from '../assemblies/assembly-state.ts';
import { type Actor, actorLabel, type ServiceContext } from '../context.ts';
import { amendedMainMotion, mainMotionLapsed } from '../floor-motions/floor-motions.queries.ts';
import { appendLedger, lockRegister, registerEvidenceOf } from '../ledger/ledger.queries.ts';
import { loadOffices, loadRegisterAndDomain } from '../members/members.queries.ts';
import { Refusal, refuse } from '../refusal.ts';
import { electionSetup } from './elections.ts';
import { loadDomainPoll, lockedPoll } from './poll-state.ts';
import {
  findRound,
  insertExclusions,
  insertPoll,
  insertRoll,
  lastRound,
  markPollOpen,
  type RollRow,
  rollRoot,
} from './polls.queries.ts';

const MOTION_OPTIONS = ['yes', 'no', 'abstain'] as const;
/** A rehearsal poll has the shape of a procedural motion: simple majority, no notice, nobody excluded. */
const REHEARSAL_KIND: ItemKind = 'procedural_motion';

export interface CreatePollInput {
  agendaItemId: string;
  /** R24: a request for a secret ballot with its support; the statute's triggers decide. */
  secretRequest?: SecretBallotRequest;
  /**
   * C5: how the poll is voted, as the chair chose it (the console preselects the statute's default).
   * Not given: electronic voting, which Plenum counts by itself.
   */
  method?: VotingMethod;
  /**
   * A rehearsal (Probeabstimmung): a yes/no/abstain poll shaped like a procedural motion, open and
   * without exclusions, hung on the given item only for its place on the screens. It counts
   * nowhere, is never exported and may be repeated; it numbers its own rounds.
   */
  rehearsal?: boolean;
  /**
   * A motion from the floor the chair puts to the vote: a yes/no poll on the item, round 1 of its
   * own, held as the kind `floorMotionPollKind` gives (a procedural motion's simple majority, or the
   * item's threshold and exclusions for an amendment or counter-motion); its config carries the
   * motion's text and sha256, so poll.created binds the poll to the text.
   */
  floorMotion?: { id: string; kind: FloorMotionKind; text: string; textSha256: string };
}

/**
 * Creates a draft poll for an agenda item. The threshold and secrecy follow from the item kind and
 * the statute (R14, R15, R24) — the chair cannot set them. Elections take the nominated candidates.
 */
export async function createPoll(
  ctx: ServiceContext,
  assemblyId: string,
  input: CreatePollInput,
  actor: Actor,
) {
  return ctx.db.transaction().execute((trx) => createPollIn(ctx, trx, assemblyId, input, actor));
}

/** `createPoll` inside the caller's transaction (a floor motion is put to the vote with its poll). */
export async function createPollIn(
  ctx: ServiceContext,
  trx: Trx,
  assemblyId: string,
  input: CreatePollInput,
  actor: Actor,
) {
  {
    const assembly = await requireAssembly(trx, assemblyId);
    await assertAssemblyPermits(trx, assemblyId, 'agenda');
    const item = await findAgendaItem(trx, assemblyId, input.agendaItemId);
    if (!item) throw new Refusal('agenda.item_not_found', 'No agenda item with this id in this assembly.');
    const statute = statuteOf(assembly);
    const rehearsal = input.rehearsal === true;
    const floor = input.floorMotion;
    const kind: ItemKind = rehearsal
      ? REHEARSAL_KIND
      : floor
        ? floorMotionPollKind(floor.kind, item.kind as ItemKind)
        : (item.kind as ItemKind);
    const secrecy = secretBallotDecision(kind, statute, rehearsal ? undefined : input.secretRequest);
    const round = floor ? 1 : (await lastRound(trx, item.id, rehearsal)) + 1;
    const id = randomUuid(ctx.random);
    // R17: a procedural floor motion needs no notice; an amendment or counter-motion is judged as its item.
    // C11: an adopted counter-motion took the main motion's place; the main motion is not voted on.
    if (!rehearsal && !floor && (await mainMotionLapsed(trx, item.id)))
      throw new Refusal(
        'floor_motion.main_motion_lapsed',
        'A counter-motion on this item was adopted; its main motion lapsed and is not voted on.',
      );
    if (!rehearsal) checkNotice(kind, item, assembly.starts_at, statute.convening.timeZone);
    const shape = await pollShape(trx, { id, kind, item, statute, secret: secrecy.secret, round });
    // C5, R24: a secret poll is never taken by show of hands or voting cards; a hall method needs a hall.
    const method = input.method ?? 'electronic';
    const allowed = checkVotingMethod(method, {
      secret: secrecy.secret,
      form: assembly.form as AssemblyForm,
      decision: shape.kind,
    });
    if (!allowed.ok) throw refuse(allowed);
    const request = rehearsal ? undefined : input.secretRequest;
    // C11: the main motion is voted in the wording its adopted amendments gave it.
    const amendedText = !rehearsal && !floor ? await amendedMainMotion(trx, item.id) : null;
    const config = {
      ...shape.config,
      ...(amendedText === null ? {} : { amendedText }),
      secrecyReason: secrecy.reason,
      legalBasis: itemKindRule(kind).legalBasis,
      // R24: the members' request for a secret ballot and its support, as the minutes state it.
      ...(request === undefined
        ? {}
        : {
            secretRequest: {
              supporting: request.supporting,
              base: request.validVotes,
              basis: request.basis ?? 'valid_votes',
              share: statute.voting.secretOnRequestShare ?? null,
            },
          }),
      ...(floor ? { floorMotion: { ...floor } } : {}),
    };
    const row = await insertPoll(trx, {
      id,
      assemblyId,
      agendaItemId: item.id,
      round,
      kind: shape.kind,
      itemKind: kind,
      method,
      secret: secrecy.secret,
      threshold: shape.threshold,
      options: JSON.stringify(shape.options),
      config: JSON.stringify(config),
      rehearsal,
      ...(floor ? { floorMotionId: floor.id } : {}),
    });
    await appendLedger(trx, [
      {
        type: 'poll.created',
        at: ctx.clock.now(),
        assemblyId,
        payload: {
          pollId: id,
          itemId: item.id,
          itemKind: kind,
          kind: shape.kind,
          round,
          secret: row.secret,
          secrecyReason: secrecy.reason,
          threshold: shape.threshold as unknown as CanonicalObject,
          options: shape.options,
          method,
          config: JSON.parse(JSON.stringify(config)) as CanonicalObject,
          ...(rehearsal ? { rehearsal: true } : {}),
          by: actorLabel(actor),
        },
      },
    ]);
    return row;
  }
}

/**
 * R17, §46(2): no resolution on an item announced less than a week before the assembly, unless it
 * needs no notice (procedural motion, information, a motion within an announced item, a motion to
 * convene an extraordinary assembly). Enforced wherever the announcement date is recorded.
 */
function checkNotice(
  kind: ItemKind,
  item: { announced_on: string | null; details: Record<string, unknown> },
  startsAt: Date | string,
  timeZone: string,
): void {
  if (item.announced_on === null) return;
  const verdict = checkItemNotice(
    {
      kind,
      announcedOn: item.announced_on,
      withinAnnouncedItem: item.details.withinAnnouncedItem === true,
      convenesExtraordinaryAssembly: item.details.convenesExtraordinaryAssembly === true,
    },
    dateOf(new Date(startsAt).toISOString(), timeZone),
    false,
  );
  if (!verdict.ok) throw refuse(verdict);
}

/** Threshold, options and configuration of a new poll, by what the item decides. */
async function pollShape(
  trx: Trx,
  p: {
    id: string;
    kind: ItemKind;
    item: { id: string; details: Record<string, unknown> };
    statute: StatuteConfig;
    secret: boolean;
    round: number;
  },
): Promise<{
  kind: 'majority' | 'election';
  threshold: Fraction;
  options: string[];
  config: Record<string, unknown>;
}> {
  const rule = itemKindRule(p.kind);
  if (rule.decision === 'election') {
    const runoff = p.round > 1 ? await nextRoundOf(trx, p.item.id, p.round - 1) : undefined;
    const setup = await electionSetup(trx, p.item, p.statute, runoff);
    return {
      kind: 'election',
      threshold: SIMPLE_MAJORITY,
      options: setup.options,
      config: { ...setup.config },
    };
  }
  const draft = decideCreate({
    id: p.id,
    itemId: p.item.id,
    itemKind: p.kind,
    statute: p.statute,
    secret: p.secret,
    legalFormObjectionQuorumMet: p.item.details.legalFormObjectionQuorumMet === true,
  });
  if (!draft.ok) throw refuse(draft);
  return { kind: 'majority', threshold: draft.value.threshold, options: [...MOTION_OPTIONS], config: {} };
}

/** C6 b, c: the next round takes the candidates and open seats the previous round left. */
async function nextRoundOf(trx: Trx, itemId: string, round: number) {
  const previous = await findRound(trx, itemId, round);
  const result = previous?.tally as
    | { nextRoundCandidates?: string[]; unfilledSeats?: number; outcome?: string }
    | null
    | undefined;
  if (
    !previous ||
    (previous.status !== 'closed' && previous.status !== 'declared') ||
    !result?.nextRoundCandidates?.length
  ) {
    throw new Refusal('election.runoff_not_applicable', 'No further ballot round follows from the last one.');
  }
  const tieRunOff = result.outcome === 'election.tie_runoff_required';
  return { candidates: result.nextRoundCandidates, seats: result.unfilledSeats ?? 1, tieRunOff };
}

/**
 * Opens a poll: takes the roll at this instant (R3), computes the §43(6) exclusions (R10–R12),
 * stores the snapshot and records its fingerprint in the ledger.
 */
export async function openPoll(ctx: ServiceContext, pollId: string, actor: Actor) {
  const opened = await ctx.db.transaction().execute(async (trx) => {
    const row = await lockedPoll(trx, pollId);
    const assembly = await requireAssembly(trx, row.assembly_id);
    // Lifecycle: polls open only in the open assembly; closing it waits for this transaction.
    await assertAssemblyPermits(trx, row.assembly_id, 'open_poll');
    const statute = statuteOf(assembly);
    const now = ctx.clock.now();
    const item = await getAgendaItem(trx, row.agenda_item_id);
    // The register is held still (no writer) until commit: the roll and registerRoot see one state,
    // read once for both.
    await lockRegister(trx);
    const { register: registerRows, members } = await loadRegisterAndDomain(trx);
    const offices = await loadOffices(trx);
    const details = item.details as Partial<ExclusionItem> & { legalFormObjectionQuorumMet?: boolean };
    const exclusions = exclusionsForItem(
      { ...details, kind: row.item_kind },
      offices.boards,
      members,
      statute,
    );
    if (!exclusions.ok) throw refuse(exclusions);
    const roll = snapshotRoll({
      pollId,
      at: now.toISOString(),
      item: { ...details, kind: row.item_kind },
      members,
      exclusions: exclusions.value,
      statute,
    });
    const next = decidePoll(await loadDomainPoll(trx, row, statute), { type: 'open', roll }, roll.takenAt);
    if (!next.ok) throw refuse(next);
    const rows = rollRows(roll);
    // The roots are computed while the database writes the roll (the same rows, read-only here).
    const roots = await overlap(insertRoll(trx, pollId, rows), () => ({
      register: registerEvidenceOf(registerRows),
      rollRoot: rollRoot(rows),
    }));
    if (roll.exclusions.length > 0) {
      await insertExclusions(trx, pollId, roll.exclusions);
    }
    await markPollOpen(trx, pollId, {
      at: now,
      votesAvailable: roll.votesAvailable,
      votesExcluded: roll.votesExcluded,
      registerSize: rows.length,
    });
    await appendLedger(trx, [
      {
        type: 'poll.opened',
        at: now,
        assemblyId: row.assembly_id,
        payload: {
          pollId,
          rollRoot: roots.rollRoot,
          eligible: roll.entries.filter((e) => e.excluded === null).length,
          votesAvailable: roll.votesAvailable,
          votesExcluded: roll.votesExcluded,
          exclusions: roll.exclusions.map((e) => ({ personId: e.personId, reason: e.reason })),
          ...roots.register,
          by: actorLabel(actor),
        },
      },
    ]);
    return {
      id: pollId,
      assemblyId: row.assembly_id,
      status: 'open' as PollStatus,
      votesAvailable: roll.votesAvailable,
      votesExcluded: roll.votesExcluded,
    };
  });
  ctx.afterCommit?.({ type: 'poll.opened', assemblyId: opened.assemblyId, pollId });
  return opened;
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

export { closePoll, declarePoll, recordAcceptance } from './poll-results.service.ts';
