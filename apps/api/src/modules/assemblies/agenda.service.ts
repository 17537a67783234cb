import { checkCandidateEligibility, dateOf, itemKindRule } from '@plenum/domain';
import { sql } from 'kysely';
import type { Db } from '../../db/types.ts';
import { ApiError } from '../../http/errors.ts';
import { refuse } from '../../http/refusals.ts';
import { type Actor, actorLabel, type ServiceContext } from '../context.ts';
import { appendLedger } from '../ledger/ledger.queries.ts';
import { loadDomainMembers, loadOffices } from '../members/members.queries.ts';
import { requireAssembly, statuteOf } from './assemblies.service.ts';
import { assertAssemblyPermits } from './assembly-state.ts';

/** The agenda with each item's legal facts (threshold, basis) and its candidates. */
export async function listItems(db: Db, assemblyId: string) {
  const assembly = await requireAssembly(db, assemblyId);
  const statute = statuteOf(assembly);
  const items = await db
    .selectFrom('agenda_items')
    .selectAll()
    .where('assembly_id', '=', assemblyId)
    .orderBy('position')
    .execute();
  const candidates = await db
    .selectFrom('candidates')
    .innerJoin('agenda_items', 'agenda_items.id', 'candidates.agenda_item_id')
    .innerJoin('members', 'members.id', 'candidates.member_id')
    .select([
      'candidates.id',
      'candidates.agenda_item_id',
      'candidates.member_id',
      'candidates.position',
      'candidates.accepted_at',
      'members.member_number',
      'members.given_name',
      'members.family_name',
    ])
    .where('agenda_items.assembly_id', '=', assemblyId)
    .orderBy('candidates.position')
    .execute();
  return items.map((item) => {
    const rule = itemKindRule(item.kind);
    const threshold = statute.thresholds[item.kind] ?? rule.defaultThreshold;
    return {
      id: item.id,
      assemblyId,
      position: item.position,
      kind: item.kind,
      title: item.title,
      body: item.body,
      announcedOn: item.announced_on,
      details: item.details,
      legalBasis: rule.legalBasis,
      threshold: { num: threshold.num, den: threshold.den },
      decision: rule.decision,
      candidates: candidates
        .filter((c) => c.agenda_item_id === item.id)
        .map((c) => ({
          id: c.id,
          memberId: c.member_id,
          memberNumber: c.member_number,
          name: `${c.given_name} ${c.family_name}`.trim(),
          position: c.position,
          acceptedAt: c.accepted_at ? new Date(c.accepted_at).toISOString() : null,
        })),
    };
  });
}

/**
 * Nominates a candidate. For the supervisory board the domain checks R21 (§9(2), §37): a member
 * and natural person, not on the management board, no Prokura, a former management-board member
 * only after their discharge.
 */
export async function addCandidate(
  ctx: ServiceContext,
  assemblyId: string,
  itemId: string,
  memberId: string,
  actor: Actor,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const assembly = await requireAssembly(trx, assemblyId);
    await assertAssemblyPermits(trx, assemblyId, 'agenda');
    const item = await trx
      .selectFrom('agenda_items')
      .selectAll()
      .where('id', '=', itemId)
      .where('assembly_id', '=', assemblyId)
      .executeTakeFirst();
    if (!item)
      throw new ApiError(404, 'agenda.item_not_found', 'No agenda item with this id in this assembly.');
    if (itemKindRule(item.kind).decision !== 'election') {
      throw new ApiError(
        422,
        'poll.item_not_votable',
        'Candidates can only be nominated for an election item.',
      );
    }
    const members = await loadDomainMembers(trx, [memberId]);
    const member = members[0];
    if (!member) throw new ApiError(404, 'member.not_found', 'No member with this id.', { memberId });
    if (item.kind === 'supervisory_board_election') {
      const offices = await loadOffices(trx);
      const tz = statuteOf(assembly).convening.timeZone;
      const eligible = checkCandidateEligibility(
        {
          personId: memberId,
          naturalPerson: member.kind === 'natural_person',
          memberId,
          holdsProkura: offices.prokura.some(
            (o) =>
              o.personId === memberId && (o.to === null || o.to >= dateOf(ctx.clock.now().toISOString(), tz)),
          ),
          ...(await dischargedThrough(trx)),
        },
        {
          members,
          offices: offices.boards,
          on: dateOf(new Date(assembly.starts_at).toISOString(), tz),
          statute: statuteOf(assembly),
        },
      );
      if (!eligible.ok) throw refuse(eligible);
    }
    const last = await trx
      .selectFrom('candidates')
      .select((eb) => eb.fn.max('position').as('max'))
      .where('agenda_item_id', '=', itemId)
      .executeTakeFirst();
    const row = await trx
      .insertInto('candidates')
      .values({ agenda_item_id: itemId, member_id: memberId, position: (last?.max ?? 0) + 1 })
      .onConflict((oc) => oc.columns(['agenda_item_id', 'member_id']).doNothing())
      .returning(['id', 'position'])
      .executeTakeFirst();
    if (!row)
      throw new ApiError(409, 'agenda.candidate_exists', 'This member is already a candidate for this item.');
    await appendLedger(trx, [
      {
        type: 'election.candidate_nominated',
        at: ctx.clock.now(),
        assemblyId,
        payload: {
          itemId,
          memberId,
          position: row.position,
          name: await memberName(trx, memberId),
          by: actorLabel(actor),
        },
      },
    ]);
    return row;
  });
}

/** The name the register gives a member, as the bundle and the minutes write it. */
async function memberName(db: Db, memberId: string): Promise<string> {
  const m = await db
    .selectFrom('members')
    .select(['given_name', 'family_name'])
    .where('id', '=', memberId)
    .executeTakeFirstOrThrow();
  return `${m.given_name} ${m.family_name}`.trim();
}

/** §37(2): the end of the last business period for which the management board was discharged. */
async function dischargedThrough(db: Db): Promise<{ managementBoardDischargedThrough?: string }> {
  const { rows } = await sql<{ through: string | null }>`
    SELECT max((i.details->'discharge'->'period'->>'to')) AS through
    FROM polls p JOIN agenda_items i ON i.id = p.agenda_item_id JOIN declarations d ON d.poll_id = p.id
    WHERE p.item_kind = 'discharge_management_board' AND d.result->>'outcome' = 'passed'`.execute(db);
  const through = rows[0]?.through;
  return through ? { managementBoardDischargedThrough: through } : {};
}

/** The chair moves the assembly to an agenda item (what the projector and members see). */
export async function setCurrentItem(
  ctx: ServiceContext,
  assemblyId: string,
  itemId: string | null,
  actor: Actor,
) {
  await ctx.db.transaction().execute(async (trx) => {
    await requireAssembly(trx, assemblyId);
    // Lifecycle: the chair moves through the agenda while the assembly is open.
    await assertAssemblyPermits(trx, assemblyId, 'record', 'update');
    if (itemId !== null) {
      const item = await trx
        .selectFrom('agenda_items')
        .select('id')
        .where('id', '=', itemId)
        .where('assembly_id', '=', assemblyId)
        .executeTakeFirst();
      if (!item)
        throw new ApiError(404, 'agenda.item_not_found', 'No agenda item with this id in this assembly.');
    }
    await trx
      .updateTable('assemblies')
      .set({ current_item_id: itemId })
      .where('id', '=', assemblyId)
      .execute();
    await appendLedger(trx, [
      {
        type: 'agenda.current_item',
        at: ctx.clock.now(),
        assemblyId,
        payload: { itemId, by: actorLabel(actor) },
      },
    ]);
  });
  ctx.afterCommit?.({ type: 'agenda.current_item', assemblyId });
  return { assemblyId, currentItemId: itemId };
}
