/**
 * What the desk may do with a member, from where the member stands: only the actions that can
 * succeed are offered. A member present (room or online) can be checked out, not checked in again;
 * a member not present can be checked in through the channels the assembly offers. As the proxy
 * rules say: a member already represented cannot grant a second proxy nor carry others' votes, and a
 * member who carries others' votes cannot hand their own on (no sub-delegation).
 */
export type DeskPresence = 'room' | 'online' | 'checked_out' | 'absent';
export type DeskAction = 'checkInRoom' | 'checkInOnline' | 'checkOut' | 'asPrincipal' | 'asHolder';

export interface DeskStatus {
  readonly presence: DeskPresence;
  /** The holder's name, when an active proxy represents this member. */
  readonly representedBy: string | null;
  /** The principals' names, for each active proxy this member holds. */
  readonly holdsFor: readonly string[];
}

export function deskActions(status: DeskStatus, form: string | undefined): DeskAction[] {
  const out: DeskAction[] = [];
  const present = status.presence === 'room' || status.presence === 'online';
  if (present) out.push('checkOut');
  else {
    if (form !== 'virtual') out.push('checkInRoom');
    if (form === 'hybrid' || form === 'virtual') out.push('checkInOnline');
  }
  if (status.representedBy === null && status.holdsFor.length === 0) out.push('asPrincipal');
  if (status.representedBy === null) out.push('asHolder');
  return out;
}
