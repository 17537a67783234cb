import { checkCandidateEligibility, dateOf, itemKindRule } from '@plenum/domain';
import type { Db } from '../../db/types.ts';
import { type Actor, actorLabel, type ServiceContext } from '../context.ts';
import { appendLedger } from '../ledger/ledger.queries.ts';
import { loadDomainMembers, loadOffices } from '../members/members.queries.ts';
import { Refusal, refuse } from '../refusal.ts';
import {
  candidatePhotoHashes,
  dischargedThrough,
  documentsOfAssembly,
  findAgendaItem,
  findAgendaItemId,
  insertCandidate,
  lastCandidatePosition,
  listAgendaItems,
  listCandidates,
  memberName,
} from './agenda.queries.ts';
import { setAssemblyCurrentItem } from './assemblies.queries.ts';
import { requireAssembly, statuteOf } from './assemblies.service.ts';
import { assertAssemblyPermits } from './assembly-state.ts';
import { documentUrl, photoUrl } from './documents.service.ts';

/** The agenda with each item's legal facts (threshold, basis) and its candidates. */
export async function listItems(db: Db, assemblyId: string) {
  const assembly = await requireAssembly(db, assemblyId);
  const statute = statuteOf(assembly);
  const items = await listAgendaItems(db, assemblyId);
  const candidates = await listCandidates(db, assemblyId);
  const documents = await documentsOfAssembly(db, assemblyId);
  const photos = await candidatePhotoHashes(db, assemblyId);
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
      proposer: item.proposer,
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
          statement: c.statement,
          photoUrl: photos.has(c.id) ? photoUrl(assemblyId, c.id) : null,
        })),
      documents: documents
        .filter((d) => d.agenda_item_id === item.id)
        .map((d) => ({
          id: d.id,
          itemId: item.id,
          filename: d.filename,
          contentType: d.content_type,
          size: d.size,
          sha256: d.sha256,
          url: documentUrl(assemblyId, d.id),
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
    const item = await findAgendaItem(trx, assemblyId, itemId);
    if (!item) throw new Refusal('agenda.item_not_found', 'No agenda item with this id in this assembly.');
    if (itemKindRule(item.kind).decision !== 'election') {
      throw new Refusal('poll.item_not_votable', 'Candidates can only be nominated for an election item.');
    }
    const members = await loadDomainMembers(trx, [memberId]);
    const member = members[0];
    if (!member) throw new Refusal('member.not_found', 'No member with this id.', { memberId });
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
    const position = (await lastCandidatePosition(trx, itemId)) + 1;
    const row = await insertCandidate(trx, { itemId, memberId, position });
    if (!row)
      throw new Refusal('agenda.candidate_exists', 'This member is already a candidate for this item.');
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
      const item = await findAgendaItemId(trx, assemblyId, itemId);
      if (!item) throw new Refusal('agenda.item_not_found', 'No agenda item with this id in this assembly.');
    }
    await setAssemblyCurrentItem(trx, assemblyId, itemId);
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
