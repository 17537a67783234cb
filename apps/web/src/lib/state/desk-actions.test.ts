import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DeskPresence, type DeskStatus, deskActions } from './desk-actions';

const s = (
  presence: DeskPresence,
  representedBy: string | null = null,
  holdsFor: string[] = [],
): DeskStatus => ({
  presence,
  representedBy,
  holdsFor,
});

describe('desk: which actions are offered for which status', () => {
  it('a member in the room or online is offered check-out, never a second check-in', () => {
    expect(deskActions(s('room'), 'hybrid')).toEqual(['checkOut', 'asPrincipal', 'asHolder']);
    expect(deskActions(s('online'), 'hybrid')).toEqual(['checkOut', 'asPrincipal', 'asHolder']);
  });

  it('a member not present is offered the check-ins the assembly form allows, no check-out', () => {
    expect(deskActions(s('absent'), 'in_person')).toEqual(['checkInRoom', 'asPrincipal', 'asHolder']);
    expect(deskActions(s('checked_out'), 'hybrid')).toEqual([
      'checkInRoom',
      'checkInOnline',
      'asPrincipal',
      'asHolder',
    ]);
    expect(deskActions(s('absent'), 'virtual')).toEqual(['checkInOnline', 'asPrincipal', 'asHolder']);
  });

  it('a represented member is neither principal again nor holder; a holder is not a principal', () => {
    expect(deskActions(s('absent', 'Max Muster'), 'in_person')).toEqual(['checkInRoom']);
    expect(deskActions(s('room', null, ['Erika Beispiel']), 'in_person')).toEqual(['checkOut', 'asHolder']);
  });

  it('property: check-in and check-out are never offered together, and check-out exactly when present', () => {
    const presence = fc.constantFrom<DeskPresence>('room', 'online', 'checked_out', 'absent');
    const form = fc.constantFrom('in_person', 'hybrid', 'virtual');
    fc.assert(
      fc.property(presence, fc.option(fc.string()), fc.array(fc.string()), form, (p, by, holds, f) => {
        const a = deskActions(s(p, by, holds), f);
        const checkIn = a.includes('checkInRoom') || a.includes('checkInOnline');
        expect(a.includes('checkOut')).toBe(p === 'room' || p === 'online');
        expect(checkIn).toBe(!a.includes('checkOut'));
        if (by !== null) expect(a.includes('asPrincipal') || a.includes('asHolder')).toBe(false);
      }),
    );
  });
});
