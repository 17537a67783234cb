import { describe, expect, it } from 'vitest';
import {
  checkHallCount,
  checkVotingMethod,
  combineCounts,
  confirmHallCount,
  DEFAULT_STATUTE,
  hallCountRequired,
  secretBallotDecision,
  type VotingMethod,
} from '../src/index.ts';

describe('C5: the voting method per poll', () => {
  it.each<[VotingMethod, boolean, 'in_person' | 'hybrid' | 'virtual', string | null]>([
    ['electronic', true, 'virtual', null],
    ['electronic', false, 'hybrid', null],
    ['ballot_paper', true, 'hybrid', null],
    ['voting_cards', false, 'in_person', null],
    ['show_of_hands', false, 'hybrid', null],
    ['voting_cards', true, 'hybrid', 'poll.method_not_secret'],
    ['show_of_hands', true, 'in_person', 'poll.method_not_secret'],
    ['voting_cards', false, 'virtual', 'poll.method_needs_hall'],
  ])('R24, C5: %s, secret %s, form %s → %s', (method, secret, form, reason) => {
    const r = checkVotingMethod(method, { secret, form, decision: 'majority' });
    expect(r.ok ? null : r.reason).toBe(reason);
  });

  it('C5: an election is not counted by tellers', () => {
    const r = checkVotingMethod('ballot_paper', { secret: true, form: 'hybrid', decision: 'election' });
    expect(r.ok ? null : r.reason).toBe('poll.hall_method_election');
  });

  it('R27: a hall count belongs to hall methods at assemblies with a hall', () => {
    expect(hallCountRequired('voting_cards', 'hybrid')).toBe(true);
    expect(hallCountRequired('ballot_paper', 'in_person')).toBe(true);
    expect(hallCountRequired('electronic', 'hybrid')).toBe(false);
    expect(hallCountRequired('voting_cards', 'virtual')).toBe(false);
  });
});

describe('R27: hall counts by tellers', () => {
  const count = { yes: 10, no: 3, abstain: 2 };

  it('R27: a hall count cannot exceed the votes present in the hall', () => {
    expect(checkHallCount(count, 15).ok).toBe(true);
    const r = checkHallCount(count, 14);
    expect(r.ok ? null : r.reason).toBe('hall.count_implausible');
  });

  it('R27: a second, different teller must confirm the same numbers', () => {
    expect(confirmHallCount({ tellerId: 'a', count }, { tellerId: 'b', count })).toEqual({
      ok: true,
      value: count,
    });
    const same = confirmHallCount({ tellerId: 'a', count }, { tellerId: 'a', count });
    expect(same.ok ? null : same.reason).toBe('hall.same_teller');
    const off = confirmHallCount({ tellerId: 'a', count }, { tellerId: 'b', count: { ...count, no: 4 } });
    expect(off.ok ? null : off.reason).toBe('hall.count_mismatch');
  });

  it('R27: the result is the electronic ballots plus the confirmed hall count', () => {
    expect(combineCounts({ yes: 4, no: 5, abstain: 1, invalid: 1 }, count)).toEqual({
      yes: 14,
      no: 8,
      abstain: 3,
      invalid: 1,
    });
    const electronic = { yes: 1, no: 0, abstain: 0, invalid: 0 };
    expect(combineCounts(electronic, null)).toEqual(electronic);
  });
});

describe('R24: a request for a secret ballot', () => {
  it.each<[number, number, 'valid_votes' | 'members_present', boolean]>([
    [25, 100, 'valid_votes', true],
    [24, 100, 'valid_votes', false],
    [30, 120, 'members_present', true],
    [29, 120, 'members_present', false],
  ])('R24: %i supporting of %i (%s) → secret %s', (supporting, validVotes, basis, secret) => {
    const d = secretBallotDecision('motion', DEFAULT_STATUTE, { supporting, validVotes, basis });
    expect(d.secret).toBe(secret);
    expect(d.reason).toBe(secret ? 'secret.requested' : 'secret.not_required');
  });
});
