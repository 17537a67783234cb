import { dateOf, isMemberOn } from '@plenum/domain';
import { requireAssembly, statuteOf } from '../assemblies/assemblies.service.ts';
import { assertAssemblyPermits } from '../assemblies/assembly-state.ts';
import { type Actor, actorLabel, type ServiceContext } from '../context.ts';
import { loadDomainMembers } from '../members/members.queries.ts';
import { Refusal } from '../refusal.ts';
import {
  type AttendanceEvent,
  insertAttendanceEvent,
  insertAttendanceEvents,
  memberIdsByNumber,
  presenceOf,
  presentAmong,
} from './attendance.queries.ts';

export type AttendanceChannel = 'room' | 'online';

/**
 * Checks a member in, at the desk (room) or online. A member who may not attend — not (yet) a
 * member, exited, or expelled once the letter was sent (R3, §68(2)) — is refused, and the refusal
 * is recorded (R30: refused admissions decide who may later challenge).
 */
export async function checkIn(
  ctx: ServiceContext,
  assemblyId: string,
  memberId: string,
  channel: AttendanceChannel,
  actor: Actor,
) {
  return ctx.db
    .transaction()
    .execute(async (trx) => {
      const assembly = await requireAssembly(trx, assemblyId);
      // Lifecycle: attendance is taken only while the assembly is open.
      await assertAssemblyPermits(trx, assemblyId, 'check_in');
      assertChannelOffered(assembly.form, channel);
      const [member] = await loadDomainMembers(trx, [memberId]);
      if (!member) throw new Refusal('member.not_found', 'No member with this id.', { memberId });
      const now = ctx.clock.now();
      const presence = await presenceOf(trx, assemblyId, memberId);
      if (presence.present) {
        throw new Refusal('attendance.already_present', `Already checked in (${presence.channel}).`, {
          channel: presence.channel,
        });
      }
      const refusal = admissionProblem(member, now, statuteOf(assembly));
      const event = refusal === null ? 'check_in' : 'refused';
      await insertAttendanceEvent(trx, {
        assemblyId,
        memberId,
        event,
        channel,
        actor: actorLabel(actor),
        reason: refusal,
        at: now,
      });
      return { memberId, channel, event, reason: refusal };
    })
    .catch((error: unknown) => {
      // Two desks checking in the same member at once: the presence row lets one of them through.
      if (presenceConflict(error) === 'presence_once')
        throw new Refusal('attendance.already_present', 'Already checked in.', {});
      throw error;
    })
    .then((result) => {
      if (result.event === 'refused') {
        // Recorded all the same: the refusal goes into the ledger with the next batch.
        ctx.afterCommit?.({ type: 'attendance.changed', assemblyId });
        throw new Refusal('attendance.not_admitted', 'The member may not attend; the refusal is recorded.', {
          reason: result.reason,
        });
      }
      ctx.afterCommit?.({ type: 'attendance.changed', assemblyId });
      return result;
    });
}

export type CheckInOutcome =
  | 'checked_in'
  | 'attendance.already_present'
  | 'attendance.not_admitted'
  | 'member.not_found';

/**
 * The desk checks many members in at once, in one transaction: the same rules as one by one
 * (lifecycle, channel, R3 admission, already present), each member answered on their own line.
 * Refused admissions are recorded (R30). A member number twice in the list is checked in once.
 */
export async function checkInMany(
  ctx: ServiceContext,
  assemblyId: string,
  memberNumbers: readonly string[],
  channel: AttendanceChannel,
  actor: Actor,
) {
  const numbers = memberNumbers.map((n) => n.trim());
  for (let attempt = 1; ; attempt++) {
    try {
      const results = await ctx.db.transaction().execute(async (trx) => {
        const assembly = await requireAssembly(trx, assemblyId);
        await assertAssemblyPermits(trx, assemblyId, 'check_in');
        assertChannelOffered(assembly.form, channel);
        const ids = await memberIdsByNumber(trx, numbers);
        const known = [...new Set(ids.values())];
        const members = new Map((await loadDomainMembers(trx, known)).map((m) => [m.id, m] as const));
        const present = await presentAmong(trx, assemblyId, known);
        const now = ctx.clock.now();
        const statute = statuteOf(assembly);
        const events: AttendanceEvent[] = [];
        const seen = new Set<string>();
        const lines = numbers.map((memberNumber) => {
          const memberId = ids.get(memberNumber) ?? null;
          const member = memberId === null ? undefined : members.get(memberId);
          if (memberId === null || member === undefined)
            return { memberNumber, memberId, outcome: 'member.not_found' as const, reason: null };
          if (present.has(memberId) || seen.has(memberId))
            return { memberNumber, memberId, outcome: 'attendance.already_present' as const, reason: null };
          seen.add(memberId);
          const reason = admissionProblem(member, now, statute);
          events.push({
            assemblyId,
            memberId,
            event: reason === null ? 'check_in' : 'refused',
            channel,
            actor: actorLabel(actor),
            reason,
            at: now,
          });
          return reason === null
            ? { memberNumber, memberId, outcome: 'checked_in' as const, reason: null }
            : { memberNumber, memberId, outcome: 'attendance.not_admitted' as const, reason };
        });
        await insertAttendanceEvents(trx, events);
        return lines;
      });
      if (results.length > 0) ctx.afterCommit?.({ type: 'attendance.changed', assemblyId });
      return { checkedIn: results.filter((r) => r.outcome === 'checked_in').length, results };
    } catch (error) {
      // Another desk checked one of them in meanwhile: read again, and they are "already present".
      if (presenceConflict(error) === 'presence_once' && attempt < 3) continue;
      throw error;
    }
  }
}

function assertChannelOffered(form: string, channel: AttendanceChannel): void {
  if (channel === 'online' && form === 'in_person') {
    throw new Refusal('attendance.channel_not_offered', 'This assembly is held in person only.');
  }
  if (channel === 'room' && form === 'virtual') {
    throw new Refusal('attendance.channel_not_offered', 'This assembly is held online only.');
  }
}

function admissionProblem(
  member: Awaited<ReturnType<typeof loadDomainMembers>>[number],
  now: Date,
  statute: ReturnType<typeof statuteOf>,
): string | null {
  if (member.expulsionLetterSentAt !== undefined && new Date(member.expulsionLetterSentAt) <= now) {
    return 'attendance.expelled';
  }
  if (!isMemberOn(member, dateOf(now.toISOString(), statute.convening.timeZone), statute))
    return 'attendance.not_a_member';
  return null;
}

/** The presence row's verdict on a racing check-in or check-out (the attendance trigger). */
function presenceConflict(error: unknown): string | undefined {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' ? e.constraint : undefined;
}

export async function checkOut(ctx: ServiceContext, assemblyId: string, memberId: string, actor: Actor) {
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      await requireAssembly(trx, assemblyId);
      await assertAssemblyPermits(trx, assemblyId, 'check_in');
      const presence = await presenceOf(trx, assemblyId, memberId);
      if (!presence.present) throw new Refusal('attendance.not_present', 'The member is not checked in.');
      const now = ctx.clock.now();
      await insertAttendanceEvent(trx, {
        assemblyId,
        memberId,
        event: 'check_out',
        channel: presence.channel,
        actor: actorLabel(actor),
        reason: null,
        at: now,
      });
    })
    .catch((error: unknown) => {
      if (presenceConflict(error) === 'presence_out')
        throw new Refusal('attendance.not_present', 'The member is not checked in.');
      throw error;
    });
  ctx.afterCommit?.({ type: 'attendance.changed', assemblyId });
  return { memberId, present: false };
}
