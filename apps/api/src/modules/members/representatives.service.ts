import type { AddRepresentativeBody, Representative } from '@plenum/contracts';
import type { Trx } from '../../db/types.ts';
import { type Actor, actorLabel, type ServiceContext } from '../context.ts';
import { appendLedger } from '../ledger/ledger.queries.ts';
import { Refusal } from '../refusal.ts';
import {
  deleteRepresentative,
  insertRepresentative,
  lockMemberRow,
  memberExists,
  representativesOf,
} from './members.queries.ts';

export function toRepresentative(r: {
  id: string;
  member_id: string;
  person_id: string;
  representative_member_id: string | null;
  name: string;
  kind: Representative['kind'];
}): Representative {
  return {
    id: r.id,
    memberId: r.member_id,
    personId: r.person_id,
    representativeMemberId: r.representative_member_id,
    name: r.name,
    kind: r.kind,
  };
}

/** The member exists, the representative (if a member) exists, and the new entry is no duplicate. */
async function checkNewRepresentative(
  trx: Trx,
  memberId: string,
  repMemberId: string | null,
  kind: Representative['kind'],
): Promise<void> {
  // The member's row is locked so two admins cannot both add the heirs' joint representative.
  if (!(await lockMemberRow(trx, memberId))) {
    throw new Refusal('member.not_found', 'No member with this id.', { memberId });
  }
  if (repMemberId !== null) {
    if (!(await memberExists(trx, repMemberId))) {
      throw new Refusal('member.not_found', 'The representative is not on the register.', {
        field: 'representativeMemberId',
        memberId: repMemberId,
      });
    }
  }
  const current = await representativesOf(trx, memberId);
  if (kind === 'heirs_joint_representative' && current.some((r) => r.kind === kind)) {
    const message = 'The heirs already have a joint representative.';
    throw new Refusal('members.heirs_representative_exists', message);
  }
  if (repMemberId !== null && current.some((r) => r.representative_member_id === repMemberId)) {
    const message = 'This member already represents that member.';
    throw new Refusal('members.representative_duplicate', message);
  }
}

/**
 * Names who acts for a member: legal representatives of a legal person or of a member without legal
 * capacity, authorised partners of a partnership (§43(4) GenG, R4), or the heirs' one joint
 * representative (§77(1) GenG). A representative who is a member acts under their own member id.
 */
export async function addRepresentative(
  ctx: ServiceContext,
  memberId: string,
  input: AddRepresentativeBody,
  actor: Actor,
): Promise<Representative> {
  const repMemberId = input.representativeMemberId ?? null;
  if (repMemberId === memberId) {
    throw new Refusal('members.representative_self', 'A member cannot be its own representative.');
  }
  return ctx.db.transaction().execute(async (trx) => {
    await checkNewRepresentative(trx, memberId, repMemberId, input.kind);
    const row = await insertRepresentative(trx, {
      memberId,
      representativeMemberId: repMemberId,
      name: input.name.trim(),
      kind: input.kind,
    });
    await appendLedger(trx, [
      {
        type: 'member.representative_added',
        at: ctx.clock.now(),
        payload: {
          memberId,
          representativeId: row.id,
          personId: repMemberId ?? row.person_id,
          kind: input.kind,
          by: actorLabel(actor),
        },
      },
    ]);
    return toRepresentative(row);
  });
}

/** Removes a representative (the roll of a poll already open keeps its snapshot, R3). */
export async function removeRepresentative(
  ctx: ServiceContext,
  memberId: string,
  representativeId: string,
  actor: Actor,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const removed = await deleteRepresentative(trx, memberId, representativeId);
    if (removed === undefined) {
      throw new Refusal(
        'members.representative_not_found',
        'No representative with this id for this member.',
        {
          memberId,
          representativeId,
        },
      );
    }
    await appendLedger(trx, [
      {
        type: 'member.representative_removed',
        at: ctx.clock.now(),
        payload: {
          memberId,
          representativeId,
          personId: removed.representative_member_id ?? removed.person_id,
          kind: removed.kind,
          by: actorLabel(actor),
        },
      },
    ]);
  });
}
