import type { AddOfficeBody, Office } from '@plenum/contracts';
import type { Trx } from '../../db/types.ts';
import { type Actor, actorLabel, type ServiceContext } from '../context.ts';
import { appendLedger } from '../ledger/ledger.queries.ts';
import { Refusal } from '../refusal.ts';
import { lockMemberRow } from './members.queries.ts';
import {
  findOffice,
  insertOffice,
  listOffices,
  lockOffice,
  type OfficeFilter,
  overlappingTerms,
  setOfficeEnd,
} from './offices.queries.ts';

/** Locks the member's row: office changes of one person are serialised, so two overlaps cannot race. */
async function lockMember(trx: Trx, memberId: string): Promise<void> {
  if (!(await lockMemberRow(trx, memberId))) {
    throw new Refusal('member.not_found', 'No member with this id.', { memberId });
  }
}

function checkPeriod(from: string, to: string | null): void {
  if (to !== null && to < from) {
    throw new Refusal('offices.invalid_period', `The term ends (${to}) before it starts (${from}).`, {
      from,
      to,
    });
  }
}

/**
 * Records a term on the management board, the supervisory board or as Prokurist. These terms are
 * what the §43(6) exclusions are computed from when a discharge poll opens (R10, R11).
 */
export async function addOffice(ctx: ServiceContext, input: AddOfficeBody, actor: Actor): Promise<Office> {
  const to = input.to ?? null;
  checkPeriod(input.from, to);
  return ctx.db.transaction().execute(async (trx) => {
    await lockMember(trx, input.memberId);
    const clash = await overlappingTerms(trx, { ...input, to });
    if (clash.length > 0) {
      throw new Refusal('offices.overlap', 'This person already holds an overlapping term on this body.', {
        overlapping: clash.map((c) => ({ id: c.id, from: c.from_date, to: c.to_date })),
      });
    }
    const { id } = await insertOffice(trx, {
      memberId: input.memberId,
      body: input.body,
      from: input.from,
      to,
    });
    await appendLedger(trx, [
      {
        type: 'office.added',
        at: ctx.clock.now(),
        payload: {
          officeId: id,
          memberId: input.memberId,
          body: input.body,
          from: input.from,
          to,
          by: actorLabel(actor),
        },
      },
    ]);
    const office = await findOffice(trx, id);
    if (office === undefined) throw new Error('office vanished inside its own transaction');
    return office;
  });
}

/** Ends a running term: `to` is the last day in office. An ended term is not changed again. */
export async function endOffice(
  ctx: ServiceContext,
  officeId: string,
  to: string,
  actor: Actor,
): Promise<Office> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockOffice(trx, officeId);
    if (row === undefined)
      throw new Refusal('offices.not_found', 'No board office with this id.', { officeId });
    if (row.to_date !== null) {
      throw new Refusal('offices.already_ended', `This term already ended on ${row.to_date}.`, {
        to: row.to_date,
      });
    }
    checkPeriod(row.from_date, to);
    await setOfficeEnd(trx, officeId, to);
    await appendLedger(trx, [
      {
        type: 'office.ended',
        at: ctx.clock.now(),
        payload: { officeId, memberId: row.member_id, body: row.body, to, by: actorLabel(actor) },
      },
    ]);
    const office = await findOffice(trx, officeId);
    if (office === undefined) throw new Error('office vanished inside its own transaction');
    return office;
  });
}

export function officesOf(ctx: ServiceContext, filter: OfficeFilter): Promise<Office[]> {
  return listOffices(ctx.db, filter);
}
