/**
 * Every ledger entry type the server writes, one list shared by the writer (the API's
 * appendLedger), the verifier (plenum-verify) and anyone reading a bundle. The chain itself does
 * not restrict `type` (an entry's bytes are whatever was signed); this list is what it means.
 */
export const LEDGER_EVENT_TYPES = [
  'access_codes.issued',
  'advance_vote.received',
  'advance_votes.settled',
  'agenda.current_item',
  'agenda.document_attached',
  'agenda.item_added',
  'agenda.item_updated',
  'assembly.closed',
  'assembly.convened',
  'assembly.created',
  'assembly.opened',
  'assembly.updated',
  /** Attendance events in batches, each with its own time (written since batched check-in). */
  'attendance.chained',
  /** One attendance event per entry; written by earlier versions, still verified. */
  'attendance.checked_in',
  'attendance.checked_out',
  'attendance.refused',
  /** Batches of ballots chained one by one; written by earlier versions, still verified. */
  'ballots.chained',
  'election.acceptance',
  'election.candidate_nominated',
  'election.candidate_profile',
  /** R22: the chair drew the lot for a tie on the last seats (SPEC.md §11). */
  'election.lot_drawn',
  'floor_motion.admitted',
  'floor_motion.decided',
  'floor_motion.put_to_vote',
  'floor_motion.rejected',
  'floor_motion.submitted',
  /** A teller's hall count of a poll (R27), and its confirmation by a second teller. */
  'hall.count_entered',
  'hall.count_confirmed',
  'login_throttle.lifted',
  'logins.refused',
  'member.expelled',
  'member.representative_added',
  'member.representative_removed',
  'members.imported',
  'objection.recorded',
  'objection.refused',
  'office.added',
  'office.ended',
  'poll.closed',
  'poll.created',
  'poll.declared',
  'poll.opened',
  'proxy.granted',
  'proxy.rejected',
  'proxy.revoked',
  'speakers.called',
  'speakers.list_closed',
  'speakers.list_reopened',
  'speakers.requested',
  'speakers.withdrawn',
  'staff_user.created',
  'staff_user.disabled',
  'staff_user.enabled',
  /** The chair appoints a teller for the assembly (C5, R27). */
  'tellers.appointed',
] as const;

/** A ledger entry type, e.g. `poll.declared`. */
export type LedgerEventType = (typeof LEDGER_EVENT_TYPES)[number];

/** True if the entry has the given type: the verifier's only way to branch on `type`. */
export function isEntryOf(entry: { readonly type: string }, type: LedgerEventType): boolean {
  return entry.type === type;
}
