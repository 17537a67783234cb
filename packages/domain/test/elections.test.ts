import { describe, expect, it } from 'vitest';
import {
  type CandidateContext,
  type CandidateProfile,
  checkCandidateEligibility,
  DEFAULT_STATUTE,
  type ElectionBallot,
  type ElectionRoundSpec,
  evaluateElectionRound,
  filledSeats,
  recordAcceptance,
  seatAwards,
  seededRandom,
} from '../src/index.ts';
import { MEMBERS, member, OFFICES, statute } from './support.ts';

const ctx: CandidateContext = {
  members: [...MEMBERS, member('gone', { exitEffectiveDate: '2024-12-31' })],
  offices: [...OFFICES, { personId: 'emil', body: 'management_board', from: '2015-01-01', to: '2023-12-31' }],
  on: '2025-06-14',
  statute: DEFAULT_STATUTE,
};

const candidate = (personId: string, extra: Partial<CandidateProfile> = {}): CandidateProfile => ({
  personId,
  naturalPerson: true,
  memberId: personId,
  holdsProkura: false,
  ...extra,
});

describe('R21: supervisory-board candidates', () => {
  it.each<[string, CandidateProfile, string]>([
    ['an ordinary natural-person member', candidate('fritz'), 'ok'],
    ['a sitting AR member standing again', candidate('bert'), 'ok'],
    ['a legal person', candidate('coop', { naturalPerson: false }), 'election.candidate_not_natural_person'],
    [
      'a representative of a legal-person member',
      candidate('anna', { memberId: undefined, representsMemberId: 'coop' }) as CandidateProfile,
      'ok',
    ],
    ['a non-member', candidate('zoe'), 'election.candidate_not_member'],
    ['a former member', candidate('gone'), 'election.candidate_not_member'],
    [
      'someone claiming to represent a member they do not',
      candidate('zoe', { memberId: undefined, representsMemberId: 'coop' }) as CandidateProfile,
      'election.candidate_not_member',
    ],
    [
      'someone representing a natural-person member',
      candidate('zoe', { memberId: undefined, representsMemberId: 'fritz' }) as CandidateProfile,
      'election.candidate_not_member',
    ],
    ['a management-board member', candidate('clara'), 'election.candidate_on_management_board'],
    ['a holder of Prokura', candidate('fritz', { holdsProkura: true }), 'election.candidate_holds_prokura'],
    [
      'an ex-management-board member not yet discharged',
      candidate('emil'),
      'election.candidate_former_board_not_discharged',
    ],
    [
      'an ex-management-board member discharged only partly',
      candidate('emil', { managementBoardDischargedThrough: '2022-12-31' }),
      'election.candidate_former_board_not_discharged',
    ],
    [
      'an ex-management-board member discharged for the whole term',
      candidate('emil', { managementBoardDischargedThrough: '2023-12-31' }),
      'ok',
    ],
  ])('R21: %s', (_title, c, expected) => {
    const r = checkCandidateEligibility(c, ctx);
    expect(r.ok ? 'ok' : r.reason).toBe(expected);
  });
});

const names = (...choices: string[]): ElectionBallot => ({ kind: 'candidates', choices });
const repeat = (n: number, b: ElectionBallot): ElectionBallot[] => Array.from({ length: n }, () => b);
const spec = (extra: Partial<ElectionRoundSpec>): ElectionRoundSpec => ({
  method: 'most_votes',
  seats: 2,
  candidates: ['a', 'b', 'c', 'd'],
  round: 1,
  ...extra,
});
const run = (s: ElectionRoundSpec, ballots: ElectionBallot[], seed = 1, config = DEFAULT_STATUTE) => {
  const r = evaluateElectionRound(s, ballots, seededRandom(seed), config);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('C6(a): ballot paper with up to N votes, most votes win', () => {
  it('elects the two with most votes and counts invalid and empty ballots apart', () => {
    const r = run(spec({}), [
      ...repeat(5, names('a', 'b')),
      ...repeat(3, names('c')),
      names('a', 'a'),
      names('a', 'b', 'c'),
      names('x'),
      { kind: 'invalid' },
      { kind: 'list', choice: 'yes' },
      names(),
    ]);
    expect(r.elected.map((e) => e.candidateId)).toEqual(['a', 'b']);
    expect({ valid: r.validBallots, invalid: r.invalidBallots, abstentions: r.abstentions }).toEqual({
      valid: 8,
      invalid: 5,
      abstentions: 1,
    });
    expect(r.outcome).toBe('election.all_seats_filled');
  });

  it('R22: a tie for the last seat is decided by lot, reproducibly for a seed', () => {
    const ballots = [...repeat(5, names('a')), ...repeat(3, names('b')), ...repeat(3, names('c'))];
    const r = run(spec({}), ballots, 42);
    expect(r.elected[0]).toEqual({ candidateId: 'a', votes: 5, byLot: false });
    expect(r.elected[1]?.byLot).toBe(true);
    expect(r.lots).toEqual([{ among: ['b', 'c'], seats: 1, winners: [r.elected[1]?.candidateId] }]);
    expect(run(spec({}), ballots, 42)).toEqual(r);
    const winners = new Set(
      [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => run(spec({}), ballots, seed).elected[1]?.candidateId),
    );
    expect(winners).toEqual(new Set(['b', 'c']));
  });

  it('leaves seats unfilled when too few candidates got votes', () => {
    const r = run(spec({ seats: 3 }), repeat(4, names('a')));
    expect(r).toMatchObject({ unfilledSeats: 2, outcome: 'election.seats_unfilled' });
  });

  it('honours a smaller number of votes per ballot', () => {
    const r = run(spec({ votesPerBallot: 1 }), [names('a', 'b'), names('a')]);
    expect({ valid: r.validBallots, invalid: r.invalidBallots }).toEqual({ valid: 1, invalid: 1 });
  });
});

describe('C6(b): more than half of the valid ballots', () => {
  it('elects only candidates named on more than half the ballots; a further round fills the rest', () => {
    const r = run(spec({ method: 'absolute_majority_of_ballots' }), [
      ...repeat(3, names('a', 'b')),
      ...repeat(2, names('a', 'c')),
      ...repeat(1, names('d')),
    ]);
    expect(r.elected.map((e) => e.candidateId)).toEqual(['a']);
    expect(r).toMatchObject({ unfilledSeats: 1, outcome: 'election.further_round_required' });
    expect(r.nextRoundCandidates).toEqual(['b', 'c', 'd']);
    const r2 = run(
      spec({ method: 'absolute_majority_of_ballots', round: 2, seats: 1, candidates: ['b', 'c', 'd'] }),
      repeat(3, names('b')),
    );
    expect(r2.elected.map((e) => e.candidateId)).toEqual(['b']);
  });

  it('exactly half is not enough', () => {
    const r = run(spec({ method: 'absolute_majority_of_ballots', seats: 1 }), [names('a'), names('b')]);
    expect(r.elected).toEqual([]);
  });
});

describe('C6(c): show of hands per seat, absolute then relative majority', () => {
  const c = spec({ method: 'show_of_hands_per_seat', seats: 1, candidates: ['a', 'b', 'c', 'd'] });
  it('round 1 without absolute majority leads to a run-off of the two best', () => {
    const r = run(c, [
      ...repeat(4, names('a')),
      ...repeat(3, names('b')),
      ...repeat(2, names('c')),
      names('d'),
    ]);
    expect(r).toMatchObject({
      elected: [],
      outcome: 'election.runoff_required',
      nextRoundCandidates: ['a', 'b'],
    });
  });

  it('the run-off includes everyone tied with the last place', () => {
    const r = run(c, [...repeat(4, names('a')), ...repeat(3, names('b')), ...repeat(3, names('c'))]);
    expect(r.nextRoundCandidates).toEqual(['a', 'b', 'c']);
  });

  it('round 1 with an absolute majority elects', () => {
    const r = run(c, [...repeat(6, names('a')), ...repeat(3, names('b'))]);
    expect(r.elected.map((e) => e.candidateId)).toEqual(['a']);
  });

  it('round 2 is decided by relative majority', () => {
    const r = run({ ...c, round: 2, candidates: ['a', 'b'] }, [
      ...repeat(4, names('a')),
      ...repeat(3, names('b')),
    ]);
    expect(r).toMatchObject({
      elected: [{ candidateId: 'a', votes: 4, byLot: false }],
      outcome: 'election.all_seats_filled',
    });
  });
});

describe('C6(d): block or list voting only if the statute allows', () => {
  const allowed = statute({ elections: { allowListVoting: true } });
  const list = spec({ method: 'list', seats: 2, candidates: ['a', 'b'] });
  it('is refused by default (Wewobau-style statutes forbid lists)', () => {
    expect(evaluateElectionRound(list, [], seededRandom(1), DEFAULT_STATUTE)).toMatchObject({
      ok: false,
      reason: 'election.list_voting_not_allowed',
    });
  });

  it.each<[string, ElectionBallot[], string[]]>([
    [
      'more yes than no elects the list',
      [
        { kind: 'list', choice: 'yes' },
        { kind: 'list', choice: 'yes' },
        { kind: 'list', choice: 'no' },
        { kind: 'list', choice: 'abstain' },
        names('a'),
      ],
      ['a', 'b'],
    ],
    [
      'a tie rejects the list',
      [
        { kind: 'list', choice: 'yes' },
        { kind: 'list', choice: 'no' },
      ],
      [],
    ],
  ])('%s', (_title, ballots, elected) => {
    const r = run(list, ballots, 1, allowed);
    expect(r.elected.map((e) => e.candidateId)).toEqual(elected);
    if (elected.length === 0) expect(r.outcome).toBe('election.list_rejected');
    else
      expect({ invalid: r.invalidBallots, abstentions: r.abstentions }).toEqual({
        invalid: 1,
        abstentions: 1,
      });
  });

  it('a list has exactly one candidate per seat', () => {
    expect(evaluateElectionRound({ ...list, candidates: ['a'] }, [], seededRandom(1), allowed)).toMatchObject(
      {
        reason: 'election.list_size_mismatch',
      },
    );
  });
});

describe('election round validation', () => {
  it.each<[string, Partial<ElectionRoundSpec>, string]>([
    ['zero seats', { seats: 0 }, 'election.seats_invalid'],
    ['no candidates', { candidates: [] }, 'election.no_candidates'],
    ['more votes per ballot than seats', { votesPerBallot: 3 }, 'election.votes_per_ballot_invalid'],
    ['zero votes per ballot', { votesPerBallot: 0 }, 'election.votes_per_ballot_invalid'],
    ['a second round of (a)', { round: 2 }, 'election.runoff_not_applicable'],
  ])('refuses %s', (_title, extra, reason) => {
    expect(evaluateElectionRound(spec(extra), [], seededRandom(1), DEFAULT_STATUTE)).toMatchObject({
      ok: false,
      reason,
    });
  });
});

describe('R22: a seat is filled only once acceptance is recorded', () => {
  const result = run(spec({}), [...repeat(3, names('a', 'b'))]);
  const awards = seatAwards(result);

  it('R22: elected candidates await acceptance; nobody fills a seat yet', () => {
    expect(awards.map((a) => a.status)).toEqual(['awaiting_acceptance', 'awaiting_acceptance']);
    expect(filledSeats(awards)).toEqual([]);
  });

  it('R22: acceptance fills the seat, a refusal leaves it vacant, and neither can change', () => {
    const accepted = recordAcceptance(awards, { candidateId: 'a', accepted: true }, '2025-06-14T12:00:00Z');
    if (!accepted.ok) throw new Error(accepted.reason);
    const declined = recordAcceptance(
      accepted.value,
      { candidateId: 'b', accepted: false },
      '2025-06-14T12:01:00Z',
    );
    if (!declined.ok) throw new Error(declined.reason);
    expect(filledSeats(declined.value)).toEqual(['a']);
    expect(declined.value[1]).toEqual({
      candidateId: 'b',
      status: 'declined',
      decidedAt: '2025-06-14T12:01:00Z',
    });
    expect(recordAcceptance(declined.value, { candidateId: 'a', accepted: false }, 'x')).toMatchObject({
      reason: 'election.acceptance_already_recorded',
    });
    expect(recordAcceptance(awards, { candidateId: 'c', accepted: true }, 'x')).toMatchObject({
      reason: 'election.candidate_not_elected',
    });
  });
});
