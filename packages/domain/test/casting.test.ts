import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authoriseCast, type CastState, checkChoice, motionChoice } from '../src/index.ts';

const base: CastState = {
  voterId: 'v',
  presence: { checkedIn: true, channel: 'online' },
  voterExcluded: null,
  castable: [
    { memberId: 'v', votes: 1, capacity: 'own' },
    { memberId: 'p', votes: 1, capacity: 'proxy' },
    { memberId: 'lp', votes: 1, capacity: 'legal_representative' },
  ],
  roll: [
    { memberId: 'v', status: 'eligible', reason: null },
    { memberId: 'p', status: 'eligible', reason: null },
    { memberId: 'lp', status: 'eligible', reason: null },
    { memberId: 'x', status: 'excluded', reason: 'discharge.member_of_body' },
    { memberId: 'gone', status: 'ineligible', reason: 'roll.exited' },
  ],
  presentPrincipals: new Set(),
  advanceOutranksProxy: new Set(),
};

describe('casting: who may cast which vote', () => {
  it('R25: a member who is not checked in (or checked out) casts nothing', () => {
    expect(authoriseCast({ ...base, presence: null }, ['v'])).toMatchObject({ reason: 'vote.not_present' });
    expect(authoriseCast({ ...base, presence: { checkedIn: false, channel: 'room' } }, ['v'])).toMatchObject({
      reason: 'vote.not_present',
    });
  });

  it('R5: own votes take the presence channel, proxy votes the proxy channel, with castBy', () => {
    expect(authoriseCast(base, ['v', 'p', 'lp'])).toEqual({
      ok: true,
      value: [
        { memberId: 'v', channel: 'online', weight: 1, castBy: null },
        { memberId: 'p', channel: 'proxy', weight: 1, castBy: 'v' },
        { memberId: 'lp', channel: 'online', weight: 1, castBy: 'v' },
      ],
    });
  });

  it('R5: a principal who is present votes in person; C8: an advance vote ranked first stands', () => {
    expect(authoriseCast({ ...base, presentPrincipals: new Set(['p']) }, ['p'])).toMatchObject({
      reason: 'vote.principal_present',
    });
    expect(authoriseCast({ ...base, advanceOutranksProxy: new Set(['p']) }, ['p'])).toMatchObject({
      reason: 'vote.superseded_by_advance',
    });
    // A legal representative is no proxy: presence of others does not matter.
    expect(authoriseCast({ ...base, presentPrincipals: new Set(['lp']) }, ['lp']).ok).toBe(true);
  });

  it('R10: an excluded voter casts nothing, and nobody casts an excluded member’s vote', () => {
    expect(
      authoriseCast({ ...base, voterExcluded: 'discharge.member_of_body', castable: [] }, ['v']),
    ).toMatchObject({ reason: 'vote.voter_excluded' });
    expect(authoriseCast(base, ['x'])).toMatchObject({ reason: 'vote.excluded' });
  });

  it('R3, R7: a member off the roll, or one the voter does not represent, is refused with the reason', () => {
    expect(authoriseCast(base, ['gone'])).toMatchObject({
      reason: 'vote.not_on_roll',
      details: { reason: 'roll.exited' },
    });
    expect(authoriseCast(base, ['stranger'])).toMatchObject({ reason: 'vote.not_on_roll' });
    expect(
      authoriseCast({ ...base, roll: [...base.roll, { memberId: 'o', status: 'eligible', reason: null }] }, [
        'o',
      ]),
    ).toMatchObject({ reason: 'vote.no_authority' });
  });

  it('R5: one request never casts twice for a member, and casts at least one vote', () => {
    expect(authoriseCast(base, ['v', 'v'])).toMatchObject({ reason: 'vote.duplicate' });
    expect(authoriseCast(base, [])).toMatchObject({ reason: 'vote.empty' });
  });

  it('R5: all or nothing — any refused vote refuses the whole request', () => {
    fc.assert(
      fc.property(fc.subarray(['v', 'p', 'lp', 'x', 'gone', 'stranger'], { minLength: 1 }), (ids) => {
        const result = authoriseCast(base, ids);
        const allowed = ids.every((id) => ['v', 'p', 'lp'].includes(id));
        expect(result.ok).toBe(allowed);
        if (result.ok) expect(result.value.map((v) => v.memberId)).toEqual(ids);
      }),
    );
  });
});

describe('casting: what a ballot may say', () => {
  const motion = { kind: 'majority' as const, options: ['yes', 'no', 'abstain'] };
  const election = { kind: 'election' as const, options: ['a', 'b', 'c'], votesPerBallot: 2 };

  it('R13: a motion takes yes, no or abstain, nothing else', () => {
    for (const c of ['yes', 'no', 'abstain']) expect(checkChoice(motion, c).ok).toBe(true);
    for (const c of ['YES', 'maybe', 1, null, ['yes'], { v: 'yes' }])
      expect(checkChoice(motion, c)).toMatchObject({ reason: 'vote.invalid_choice' });
  });

  it('C6: an election ballot names at most N different candidates of this round; none abstains', () => {
    expect(checkChoice(election, { kind: 'candidates', choices: [] }).ok).toBe(true);
    expect(checkChoice(election, { kind: 'candidates', choices: ['a', 'c'] }).ok).toBe(true);
    expect(checkChoice(election, { kind: 'candidates', choices: ['a', 'b', 'c'] }).ok).toBe(false);
    expect(checkChoice(election, { kind: 'candidates', choices: ['a', 'a'] }).ok).toBe(false);
    expect(checkChoice(election, { kind: 'candidates', choices: ['z'] }).ok).toBe(false);
    expect(checkChoice(election, 'yes').ok).toBe(false);
    expect(checkChoice(election, ['a']).ok).toBe(false);
  });

  it('C6 d: a list vote only where the statute allows lists', () => {
    expect(checkChoice(election, { kind: 'list', choice: 'yes' }).ok).toBe(false);
    expect(checkChoice({ ...election, method: 'list' }, { kind: 'list', choice: 'yes' }).ok).toBe(true);
    expect(checkChoice({ ...election, method: 'list' }, { kind: 'list', choice: 'perhaps' }).ok).toBe(false);
  });

  it('R13: a stored choice that is not yes, no or abstain counts as invalid', () => {
    expect(['yes', 'no', 'abstain', 'x', null].map(motionChoice)).toEqual([
      'yes',
      'no',
      'abstain',
      'invalid',
      'invalid',
    ]);
  });
});
