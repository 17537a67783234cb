import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PresentPerson, type StandingNow, turnoutNow, type VoteNow, voteNow } from '../src/index.ts';

const room = (personId: string, barred = false): PresentPerson => ({ personId, channel: 'room', barred });
const online = (personId: string, barred = false): PresentPerson => ({ personId, channel: 'online', barred });
const standing = (extra: Partial<StandingNow> = {}): StandingNow => ({
  memberId: 'm',
  status: 'eligible',
  votes: 1,
  voted: false,
  advanceVote: false,
  presentActors: [],
  presentHolders: [],
  ...extra,
});

describe('who can vote now in an open poll', () => {
  it.each<[string, Partial<StandingNow>, boolean, VoteNow]>([
    [
      'R25: present in the room',
      { presentActors: [room('m')] },
      false,
      { state: 'open', channel: 'room', by: 'm' },
    ],
    [
      'R25: present online',
      { presentActors: [online('m')] },
      false,
      { state: 'open', channel: 'online', by: 'm' },
    ],
    ['R25: absent without proxy', {}, false, { state: 'unavailable' }],
    [
      'R5: absent, proxy holder present',
      { presentHolders: [room('h')] },
      false,
      { state: 'open', channel: 'proxy', by: 'h' },
    ],
    [
      'R5: present and represented: votes in person',
      { presentActors: [online('m')], presentHolders: [room('h')] },
      false,
      { state: 'open', channel: 'online', by: 'm' },
    ],
    ['R10: holder barred by §43(6)', { presentHolders: [room('h', true)] }, false, { state: 'unavailable' }],
    [
      'R10: excluded member, though present',
      { status: 'excluded', presentActors: [room('m')] },
      false,
      { state: 'unavailable' },
    ],
    [
      'R3: not on the roll',
      { status: 'ineligible', presentActors: [room('m')] },
      false,
      { state: 'unavailable' },
    ],
    [
      'R4: a representative casts a legal person’s vote',
      { presentActors: [online('rep')] },
      false,
      { state: 'open', channel: 'online', by: 'rep' },
    ],
    [
      'R4: the member’s own login comes first',
      { presentActors: [online('rep'), room('m')] },
      false,
      { state: 'open', channel: 'room', by: 'm' },
    ],
    ['R5: voted in the poll, since left', { voted: true }, false, { state: 'voted', channel: 'poll' }],
    ['C8: advance vote received', { advanceVote: true }, true, { state: 'voted', channel: 'advance' }],
    [
      'C8: advance vote where the statute allows none',
      { advanceVote: true },
      false,
      { state: 'unavailable' },
    ],
    [
      'R5: voted in the poll after an advance vote',
      { voted: true, advanceVote: true },
      true,
      { state: 'voted', channel: 'poll' },
    ],
  ])('%s', (_title, extra, advanceVoting, expected) => {
    expect(voteNow(standing(extra), advanceVoting)).toEqual(expected);
  });

  it('C1: the turnout counts votes, not members', () => {
    const members = [
      standing({ memberId: 'a', votes: 3, voted: true }),
      standing({ memberId: 'b', votes: 2, presentActors: [room('b')] }),
      standing({ memberId: 'c', votes: 5 }),
      standing({ memberId: 'd', votes: 1, status: 'excluded', presentActors: [room('d')] }),
    ];
    expect(turnoutNow(members, false)).toEqual({ voted: 3, canVoteNow: 5 });
  });

  it('property: 0 ≤ voted ≤ canVoteNow ≤ the votes of eligible members', () => {
    const person = fc.record({
      personId: fc.constantFrom('m0', 'm1', 'm2', 'rep', 'h'),
      channel: fc.constantFrom<'room' | 'online'>('room', 'online'),
      barred: fc.boolean(),
    });
    const member = fc.record({
      memberId: fc.constantFrom('m0', 'm1', 'm2'),
      status: fc.constantFrom<StandingNow['status']>('eligible', 'excluded', 'ineligible'),
      votes: fc.integer({ min: 1, max: 5 }),
      voted: fc.boolean(),
      advanceVote: fc.boolean(),
      presentActors: fc.array(person, { maxLength: 3 }),
      presentHolders: fc.array(person, { maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(member, { maxLength: 12 }), fc.boolean(), (members, advanceVoting) => {
        const { voted, canVoteNow } = turnoutNow(members, advanceVoting);
        const available = members.filter((m) => m.status === 'eligible').reduce((s, m) => s + m.votes, 0);
        expect(0 <= voted && voted <= canVoteNow && canVoteNow <= available).toBe(true);
        // Nobody barred ever makes a vote castable.
        for (const m of members) {
          const now = voteNow(m, advanceVoting);
          if (now.state === 'open') {
            const by = [...m.presentActors, ...m.presentHolders].filter((p) => p.personId === now.by);
            expect(by.some((p) => !p.barred)).toBe(true);
          }
        }
      }),
    );
  });
});
