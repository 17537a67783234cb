import { describe, expect, it } from 'vitest';
import {
  type Cast,
  castableVotes,
  DEFAULT_STATUTE,
  evaluateEligibility,
  isMemberOn,
  type Member,
  type RollItem,
  resolveChannels,
  snapshotRoll,
  votingWeight,
} from '../src/index.ts';
import { grant, MEMBERS, member, NOW, statute } from './support.ts';

const MOTION: RollItem = { kind: 'motion' };

describe('R3: the roll is evaluated when the vote opens', () => {
  it.each<[string, Partial<Member>, string | null]>([
    ['admitted before the poll', {}, null],
    ['admitted on the day', { admissionDate: '2025-06-14' }, null],
    ['admitted the day after', { admissionDate: '2025-06-15' }, 'roll.not_admitted'],
    ['an applicant never admitted', { admissionDate: null }, 'roll.not_admitted'],
    [
      'notice given, exit at business-year end',
      { noticeGivenOn: '2025-03-01', exitEffectiveDate: '2025-12-31' },
      null,
    ],
    [
      'exit took effect last year',
      { noticeGivenOn: '2023-09-01', exitEffectiveDate: '2024-12-31' },
      'roll.exited',
    ],
    [
      'expulsion letter sent before opening',
      { expulsionLetterSentAt: '2025-06-01T09:00:00Z' },
      'roll.expelled',
    ],
    ['expulsion letter sent at the opening instant', { expulsionLetterSentAt: NOW }, 'roll.expelled'],
    ['expulsion letter sent after opening', { expulsionLetterSentAt: '2025-06-14T10:00:01Z' }, null],
    [
      'deceased, heirs named one representative',
      { deceasedOn: '2025-02-01', heirsRepresentativeId: 'heir' },
      null,
    ],
    ['deceased, heirs named none', { deceasedOn: '2025-02-01' }, 'roll.heirs_without_joint_representative'],
    [
      'deceased last year: membership ended',
      { deceasedOn: '2024-05-01', heirsRepresentativeId: 'heir' },
      'roll.exited',
    ],
  ])('R3: given a member %s, when the poll opens, then the reason is %s', (_title, extra, reason) => {
    const e = evaluateEligibility(member('m', extra), MOTION, NOW, DEFAULT_STATUTE);
    if (reason === null) expect(e.eligible).toBe(true);
    else expect(e).toEqual({ eligible: false, memberId: 'm', reason });
  });

  it("R3: the exit date is judged on the cooperative's calendar, not UTC's", () => {
    const leaving = member('m', { noticeGivenOn: '2025-03-01', exitEffectiveDate: '2025-12-31' });
    // 23:30 UTC on the exit date is 00:30 on 1 January in Berlin: the exit has taken effect.
    expect(evaluateEligibility(leaving, MOTION, '2025-12-31T23:30:00Z', DEFAULT_STATUTE)).toEqual({
      eligible: false,
      memberId: 'm',
      reason: 'roll.exited',
    });
    // 00:30 Berlin time on the exit date itself (23:30 UTC the day before): still a member.
    expect(evaluateEligibility(leaving, MOTION, '2025-12-30T23:30:00Z', DEFAULT_STATUTE).eligible).toBe(true);
    // The same instant for a cooperative keeping UTC: still the exit date, still a member.
    const utc = { ...DEFAULT_STATUTE, convening: { ...DEFAULT_STATUTE.convening, timeZone: 'UTC' } };
    expect(evaluateEligibility(leaving, MOTION, '2025-12-31T23:30:00Z', utc).eligible).toBe(true);
    // Admission works the same way: admitted on 15 June, voting at 00:30 Berlin on 15 June.
    const admitted = member('n', { admissionDate: '2025-06-15' });
    expect(evaluateEligibility(admitted, MOTION, '2025-06-14T22:30:00Z', DEFAULT_STATUTE).eligible).toBe(
      true,
    );
  });

  it('R3: heirs vote only through their one joint representative', () => {
    const e = evaluateEligibility(
      member('m', { deceasedOn: '2025-02-01', heirsRepresentativeId: 'heir' }),
      MOTION,
      NOW,
      DEFAULT_STATUTE,
    );
    expect(e).toMatchObject({ eligible: true, capacity: 'heirs_representative', actors: ['heir'], votes: 1 });
  });

  it('R3: membership with a business year starting in July ends at the end of June', () => {
    const july = statute({ convening: { businessYearStart: '07-01' } });
    const heir = member('m', { deceasedOn: '2024-09-01', heirsRepresentativeId: 'h' });
    expect(isMemberOn(heir, '2025-06-30', july)).toBe(true);
    expect(isMemberOn(heir, '2025-07-01', july)).toBe(false);
    expect(isMemberOn(member('m', { admissionDate: null }), '2025-01-01', july)).toBe(false);
  });
});

describe('R4: legal persons and members without capacity vote through representatives', () => {
  it.each<[string, Member, string[] | string]>([
    [
      'a legal person with two managing directors',
      { id: 'l', kind: 'legal_person', admissionDate: '2020-01-01', representatives: ['gf1', 'gf2'] },
      ['gf1', 'gf2'],
    ],
    [
      'a partnership with an authorised partner',
      { id: 'l', kind: 'partnership', admissionDate: '2020-01-01', representatives: ['p1'] },
      ['p1'],
    ],
    [
      'a legal person without representative',
      { id: 'l', kind: 'legal_person', admissionDate: '2020-01-01' },
      'roll.no_legal_representative',
    ],
    [
      'a minor with a guardian',
      member('l', { hasLegalCapacity: false, representatives: ['parent'] }),
      ['parent'],
    ],
  ])('R4: given %s, then the actors are %o', (_title, m, expected) => {
    const e = evaluateEligibility(m, MOTION, NOW, DEFAULT_STATUTE);
    if (typeof expected === 'string') expect(e).toMatchObject({ eligible: false, reason: expected });
    else
      expect(e).toMatchObject({
        eligible: true,
        capacity: 'legal_representative',
        actors: expected,
        votes: 1,
      });
  });
});

describe('R1: one member, one vote; C1 multiple votes; C2 investing members', () => {
  const multi = statute({ multipleVotes: { enabled: true, maxVotes: 3 } });
  const rich = member('r', { votes: 3 });

  it.each<[string, RollItem, typeof multi, number]>([
    ['multiple votes off: one vote however many granted', MOTION, DEFAULT_STATUTE, 1],
    ['multiple votes on: three votes on a motion', MOTION, multi, 3],
    ['multiple votes on: one vote on a statute amendment (≥3/4)', { kind: 'statute_amendment' }, multi, 1],
    ['multiple votes on: one vote on dissolution', { kind: 'dissolution' }, multi, 1],
    [
      'multiple votes on: one vote on abolishing multiple votes',
      { kind: 'statute_amendment_other', abolishesMultipleVotes: true },
      multi,
      1,
    ],
    [
      'multiple votes on: one vote on a contested change of legal form',
      { kind: 'change_of_legal_form', legalFormObjectionQuorumMet: true },
      multi,
      1,
    ],
  ])('R1: %s', (_title, item, config, votes) => {
    expect(votingWeight(rich, item, config)).toBe(votes);
  });

  it('R1: a member granted more votes than the statute maximum gets the maximum; none granted gives one', () => {
    const two = statute({ multipleVotes: { enabled: true, maxVotes: 2 } });
    expect(votingWeight(member('x', { votes: 3 }), MOTION, two)).toBe(2);
    expect(votingWeight(member('x'), MOTION, two)).toBe(1);
  });

  it('C2: investing members have no vote by default, or vote except on ≥3/4 items', () => {
    const investor = member('i', { investing: true });
    expect(evaluateEligibility(investor, MOTION, NOW, DEFAULT_STATUTE)).toMatchObject({
      reason: 'roll.investing_member_no_vote',
    });
    const limited = statute({ investingMembers: 'vote_except_qualified' });
    expect(evaluateEligibility(investor, MOTION, NOW, limited).eligible).toBe(true);
    expect(evaluateEligibility(investor, { kind: 'merger' }, NOW, limited)).toMatchObject({
      eligible: false,
    });
  });
});

describe('roll snapshot', () => {
  it('R3: freezes eligible, ineligible and excluded members with their votes', () => {
    const members = [...MEMBERS, member('late', { admissionDate: '2025-07-01' })];
    const roll = snapshotRoll({
      pollId: 'p1',
      at: NOW,
      item: { kind: 'discharge_supervisory_board' },
      members,
      exclusions: [{ personId: 'anna', reason: 'exclusion.body_member_in_period' }],
      statute: DEFAULT_STATUTE,
    });
    expect(Object.isFrozen(roll)).toBe(true);
    expect(roll.entries.map((e) => e.memberId)).toEqual([
      'anna',
      'bert',
      'carl',
      'clara',
      'coop',
      'dora',
      'emil',
      'fritz',
    ]);
    expect(roll.ineligible).toEqual([{ memberId: 'late', reason: 'roll.not_admitted' }]);
    expect(roll.votesAvailable).toBe(7);
    expect(roll.votesExcluded).toBe(1);
    expect(roll.entries.find((e) => e.memberId === 'anna')?.excluded).toBe('exclusion.body_member_in_period');
  });
});

describe('castable votes', () => {
  const roll = snapshotRoll({
    pollId: 'p',
    at: NOW,
    item: MOTION,
    members: MEMBERS,
    exclusions: [],
    statute: DEFAULT_STATUTE,
  });

  it('R4: a representative casts the legal person’s vote besides their own', () => {
    expect(castableVotes('anna', roll, [])).toEqual([
      { memberId: 'anna', votes: 1, capacity: 'own' },
      { memberId: 'coop', votes: 1, capacity: 'legal_representative' },
    ]);
  });

  it('R7: legal representatives are not capped: representing 3 legal persons and holding 2 proxies', () => {
    const legal = ['l1', 'l2', 'l3'].map<Member>((id) => ({
      id,
      kind: 'legal_person',
      admissionDate: '2020-01-01',
      representatives: ['emil'],
    }));
    const r = snapshotRoll({
      pollId: 'p',
      at: NOW,
      item: MOTION,
      members: [...MEMBERS, ...legal],
      exclusions: [],
      statute: DEFAULT_STATUTE,
    });
    const votes = castableVotes('emil', r, [
      grant('bert', 'emil'),
      grant('carl', 'emil'),
      grant('dora', 'emil', { revokedAt: NOW }),
    ]);
    expect(votes.map((v) => `${v.memberId}:${v.capacity}`)).toEqual([
      'emil:own',
      'l1:legal_representative',
      'l2:legal_representative',
      'l3:legal_representative',
      'bert:proxy',
      'carl:proxy',
    ]);
  });

  it('R3: a proxy from a member not on the roll carries no vote', () => {
    expect(castableVotes('emil', roll, [grant('stranger', 'emil')])).toEqual([
      { memberId: 'emil', votes: 1, capacity: 'own' },
    ]);
  });
});

describe('R5: no member is counted twice across channels', () => {
  const cast = (
    memberId: string,
    channel: Cast['channel'],
    at: string,
    ref = `${memberId}-${channel}-${at}`,
  ): Cast => ({
    memberId,
    channel,
    at: `2025-06-14T10:${at}:00Z`,
    ref,
  });
  const withAdvance = statute({ channels: { advanceVoting: true } });

  it.each<[string, Cast[], string]>([
    ['personal beats an earlier proxy vote', [cast('m', 'proxy', '01'), cast('m', 'room', '05')], 'room'],
    ['personal beats an advance vote', [cast('m', 'advance', '00'), cast('m', 'online', '05')], 'online'],
    ['proxy beats an advance vote', [cast('m', 'proxy', '09'), cast('m', 'advance', '01')], 'proxy'],
    ['within one rank the earliest counts', [cast('m', 'online', '07'), cast('m', 'room', '02')], 'room'],
  ])('R5: %s', (_title, casts, channel) => {
    const r = resolveChannels(casts, withAdvance.channels);
    expect(r.counted).toHaveLength(1);
    expect(r.counted[0]?.channel).toBe(channel);
    expect(r.discarded).toHaveLength(casts.length - 1);
  });

  it('R5: the reasons distinguish a superseded channel from a duplicate in the same rank', () => {
    const r = resolveChannels(
      [cast('m', 'room', '01'), cast('m', 'room', '02'), cast('m', 'proxy', '03')],
      withAdvance.channels,
    );
    expect(r.discarded.map((d) => d.reason)).toEqual(['channel.duplicate', 'channel.superseded']);
  });

  it('R5: precedence is configurable (advance before proxy)', () => {
    const s = statute({ channels: { advanceVoting: true, precedence: ['personal', 'advance', 'proxy'] } });
    const r = resolveChannels([cast('m', 'proxy', '01'), cast('m', 'advance', '02')], s.channels);
    expect(r.counted.map((c) => c.channel)).toEqual(['advance']);
  });

  it('C8: advance votes are discarded while advance voting is off (default)', () => {
    const r = resolveChannels(
      [cast('m', 'advance', '01'), cast('n', 'room', '01')],
      DEFAULT_STATUTE.channels,
    );
    expect(r.counted.map((c) => c.memberId)).toEqual(['n']);
    expect(r.discarded[0]?.reason).toBe('channel.advance_voting_disabled');
  });
});
