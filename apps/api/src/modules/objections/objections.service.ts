import type { Db } from '../../db/types.ts';
import { requireAssembly } from '../assemblies/assemblies.service.ts';
import { assertAssemblyPermits } from '../assemblies/assembly-state.ts';
import { type Actor, actorLabel, type ServiceContext } from '../context.ts';
import { appendLedger } from '../ledger/ledger.queries.ts';
import { Refusal } from '../refusal.ts';
import {
  findObjector,
  findPollInAssembly,
  insertObjection,
  listObjectionRows,
} from './objections.queries.ts';

export interface ObjectionInput {
  pollId?: string | null;
  memberId?: string;
  memberNumber?: string;
  text: string;
  status?: 'recorded' | 'refused';
  reason?: string;
}

/**
 * R30: an objection for the minutes (Widerspruch zur Niederschrift), per member and resolution.
 * Refused ones are recorded too, with the reason: they decide who may later sue (§51(2)) or leave
 * early (§67a).
 */
export async function recordObjection(
  ctx: ServiceContext,
  assemblyId: string,
  input: ObjectionInput,
  actor: Actor,
) {
  if (!input.memberId && !input.memberNumber) {
    throw new Refusal(
      'objection.member_required',
      'Name the member who objects (member id or member number).',
    );
  }
  const status = input.status ?? 'recorded';
  if (status === 'refused' && !input.reason?.trim()) {
    throw new Refusal('request.invalid', 'A refused objection is recorded with its reason.');
  }
  return ctx.db.transaction().execute(async (trx) => {
    await requireAssembly(trx, assemblyId);
    // Lifecycle: objections are declared for the record while the assembly is open.
    await assertAssemblyPermits(trx, assemblyId, 'record');
    const member = await findObjector(trx, input);
    // A person not (or no longer) on the register may still object; the refusal says why.
    if (!member && status === 'recorded') {
      throw new Refusal('member.not_found', 'No member with this id or member number.');
    }
    if (input.pollId) {
      const poll = await findPollInAssembly(trx, assemblyId, input.pollId);
      if (!poll) throw new Refusal('poll.not_found', 'No poll with this id in this assembly.');
    }
    const now = ctx.clock.now();
    const row = await insertObjection(trx, {
      assemblyId,
      pollId: input.pollId ?? null,
      memberId: member?.id ?? null,
      memberNumber: member?.member_number ?? input.memberNumber ?? null,
      text: input.text,
      status,
      reason: input.reason?.trim() || null,
      recordedBy: actorLabel(actor),
      at: now,
    });
    await appendLedger(trx, [
      {
        type: status === 'recorded' ? 'objection.recorded' : 'objection.refused',
        at: now,
        assemblyId,
        payload: {
          objectionId: row.id,
          pollId: row.poll_id,
          memberId: row.member_id,
          memberNumber: row.member_number,
          text: row.text,
          reason: row.reason,
          by: actorLabel(actor),
        },
      },
    ]);
    return objectionView(row);
  });
}

export async function listObjections(db: Db, assemblyId: string) {
  const rows = await listObjectionRows(db, assemblyId);
  return rows.map(objectionView);
}

function objectionView(row: {
  id: string;
  poll_id: string | null;
  member_id: string | null;
  member_number: string | null;
  text: string;
  status: string;
  reason: string | null;
  recorded_by: string;
  at: Date | string;
}) {
  return {
    id: row.id,
    pollId: row.poll_id,
    memberId: row.member_id,
    memberNumber: row.member_number,
    text: row.text,
    status: row.status,
    reason: row.reason,
    recordedBy: row.recorded_by,
    at: new Date(row.at).toISOString(),
  };
}
