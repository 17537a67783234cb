import { describe, expect, it } from 'vitest';
import {
  type Body,
  castableVotes,
  DEFAULT_STATUTE,
  type DischargeMode,
  dischargeExclusions,
  type ExclusionItem,
  exclusionsForItem,
  type ItemKind,
  isExcluded,
  type ProxyGrant,
  type StatuteConfig,
  snapshotRoll,
} from '../src/index.ts';
import { grant, MEMBERS, NOW, OFFICES, statute, YEAR_2024 } from './support.ts';

const KIND: Record<Body, ItemKind> = {
  management_board: 'discharge_management_board',
  supervisory_board: 'discharge_supervisory_board',
};

function rollFor(item: ExclusionItem, config: StatuteConfig = DEFAULT_STATUTE) {
  const exclusions = exclusionsForItem(item, OFFICES, MEMBERS, config);
  if (!exclusions.ok) throw new Error(exclusions.message);
  return snapshotRoll({
    pollId: 'p',
    at: NOW,
    item,
    members: MEMBERS,
    exclusions: exclusions.value,
    statute: config,
  });
}

function discharge(body: Body, mode: DischargeMode, subjectId: string): ExclusionItem {
  return {
    kind: KIND[body],
    discharge: { mode, period: YEAR_2024, ...(mode === 'individual' ? { subjectId } : {}) },
  };
}

const CASES: [Body, DischargeMode, string][] = [
  ['supervisory_board', 'collective', 'anna'],
  ['supervisory_board', 'individual', 'anna'],
  ['management_board', 'collective', 'clara'],
  ['management_board', 'individual', 'clara'],
];

describe('R10, R11: the person being discharged casts no vote, in person or by proxy', () => {
  it.each(CASES)('R10: %s, %s discharge: %s cannot vote in person', (body, mode, subject) => {
    const roll = rollFor(discharge(body, mode, subject));
    expect(castableVotes(subject, roll, [])).toEqual([]);
    expect(roll.entries.find((e) => e.memberId === subject)?.excluded).not.toBeNull();
  });

  it.each(CASES)(
    'R10: %s, %s discharge: %s cannot vote as proxy holder for another member',
    (body, mode, subject) => {
      const roll = rollFor(discharge(body, mode, subject));
      const grants: ProxyGrant[] = [grant('emil', subject)];
      expect(castableVotes(subject, roll, grants)).toEqual([]);
      // The principal keeps their vote and may cast it in person.
      expect(castableVotes('emil', roll, grants)).toEqual([{ memberId: 'emil', votes: 1, capacity: 'own' }]);
    },
  );

  it.each(CASES)('R10: %s, %s discharge: nobody casts the vote of %s as principal', (body, mode, subject) => {
    const roll = rollFor(discharge(body, mode, subject));
    const grants: ProxyGrant[] = [grant(subject, 'fritz')];
    expect(castableVotes('fritz', roll, grants)).toEqual([{ memberId: 'fritz', votes: 1, capacity: 'own' }]);
  });

  it('R10: a supervisory-board member cannot vote, in person or by proxy, on the AR’s discharge', () => {
    const roll = rollFor(discharge('supervisory_board', 'collective', 'anna'));
    for (const ar of ['anna', 'bert', 'carl']) {
      expect(castableVotes(ar, roll, [grant('emil', ar)])).toEqual([]);
    }
  });

  it('R10: an excluded person cannot cast the vote of a legal person they represent', () => {
    const config = statute({ discharge: { excludeRepresentedLegalPerson: false } });
    const roll = rollFor(discharge('supervisory_board', 'individual', 'anna'), config);
    expect(roll.entries.find((e) => e.memberId === 'coop')?.excluded).toBeNull();
    expect(castableVotes('anna', roll, [])).toEqual([]);
  });
});

describe('R11: discharge per body, collective or individual (C7)', () => {
  const ids = (body: Body, mode: DischargeMode, subject: string, config: StatuteConfig = DEFAULT_STATUTE) => {
    const r = exclusionsForItem(discharge(body, mode, subject), OFFICES, MEMBERS, config);
    return r.ok ? r.value.map((e) => `${e.personId}:${e.reason}`) : r.reason;
  };

  it('R11: collective discharge of the AR excludes everyone on it during the period, incl. a member who left', () => {
    expect(ids('supervisory_board', 'collective', '')).toEqual([
      'anna:exclusion.body_member_in_period',
      'bert:exclusion.body_member_in_period',
      'carl:exclusion.body_member_in_period',
      'coop:exclusion.represented_legal_person',
    ]);
  });

  it('R11: collective discharge of the management board excludes a member who joined mid-period', () => {
    expect(ids('management_board', 'collective', '')).toEqual([
      'clara:exclusion.body_member_in_period',
      'dora:exclusion.body_member_in_period',
    ]);
  });

  it('R11: individual discharge excludes the person and, by default (C7), co-members of the same body', () => {
    expect(ids('management_board', 'individual', 'dora')).toEqual([
      'dora:exclusion.subject_of_discharge',
      'clara:exclusion.co_member_same_body',
    ]);
  });

  it('R11: individual discharge without co-member exclusion excludes at least that person', () => {
    const config = statute({ discharge: { excludeCoMembersInIndividual: false } });
    expect(ids('supervisory_board', 'individual', 'bert', config)).toEqual([
      'bert:exclusion.subject_of_discharge',
    ]);
  });

  it('R11: cross-body exclusion is off by default and adds the other body when configured (C7)', () => {
    expect(ids('management_board', 'collective', '')).not.toContain('anna:exclusion.other_body_member');
    const config = statute({ discharge: { excludeOtherBody: true, excludeRepresentedLegalPerson: false } });
    expect(ids('management_board', 'collective', '', config)).toEqual([
      'clara:exclusion.body_member_in_period',
      'dora:exclusion.body_member_in_period',
      'anna:exclusion.other_body_member',
      'bert:exclusion.other_body_member',
      'carl:exclusion.other_body_member',
    ]);
  });

  it('R11: the statute default mode applies when the item does not choose one', () => {
    const item: ExclusionItem = { kind: 'discharge_management_board', discharge: { period: YEAR_2024 } };
    const r = exclusionsForItem(item, OFFICES, MEMBERS, DEFAULT_STATUTE);
    expect(r.ok && r.value.length).toBe(2);
  });

  it.each<[string, ExclusionItem, string]>([
    [
      'an individual discharge without subject',
      { kind: 'discharge_supervisory_board', discharge: { mode: 'individual', period: YEAR_2024 } },
      'discharge.subject_required',
    ],
    [
      'a subject not on the body',
      {
        kind: 'discharge_supervisory_board',
        discharge: { mode: 'individual', period: YEAR_2024, subjectId: 'clara' },
      },
      'discharge.subject_not_in_office',
    ],
    [
      'a reversed period',
      {
        kind: 'discharge_supervisory_board',
        discharge: { period: { from: '2024-12-31', to: '2024-01-01' } },
      },
      'discharge.period_invalid',
    ],
    [
      'a malformed period',
      {
        kind: 'discharge_supervisory_board',
        discharge: { period: { from: '2024-13-01', to: '2024-12-31' } },
      },
      'discharge.period_invalid',
    ],
    ['a discharge item without period', { kind: 'discharge_management_board' }, 'discharge.period_invalid'],
  ])('R11: %s is refused', (_title, item, reason) => {
    expect(exclusionsForItem(item, OFFICES, MEMBERS, DEFAULT_STATUTE)).toMatchObject({ ok: false, reason });
  });

  it('R11: a member who left before the period is not excluded', () => {
    const r = dischargeExclusions(
      { body: 'supervisory_board', mode: 'collective', period: { from: '2025-01-01', to: '2025-12-31' } },
      OFFICES,
      MEMBERS,
      { ...DEFAULT_STATUTE.discharge, excludeRepresentedLegalPerson: false },
    );
    expect(r.ok && r.value.map((e) => e.personId)).toEqual(['anna', 'bert']);
  });
});

describe('R10: release from liability and claims; R2: no other exclusions', () => {
  it('R10: persons released from a liability are excluded, once each', () => {
    const r = exclusionsForItem(
      { kind: 'motion', affectedPersonIds: ['clara', 'clara'] },
      OFFICES,
      MEMBERS,
      DEFAULT_STATUTE,
    );
    expect(r).toEqual({ ok: true, value: [{ personId: 'clara', reason: 'exclusion.affected_person' }] });
    expect(isExcluded('clara', r.ok ? r.value : [])).toBe(true);
    expect(isExcluded('emil', r.ok ? r.value : [])).toBe(false);
  });

  it.each<ItemKind>([
    'annual_accounts',
    'appropriation_of_profit_or_loss',
    'statute_amendment',
    'supervisory_board_election',
  ])('R2: board members vote on %s (not a §43(6) item)', (kind) => {
    const roll = rollFor({ kind });
    expect(roll.exclusions).toEqual([]);
    expect(castableVotes('anna', roll, []).map((v) => v.memberId)).toEqual(['anna', 'coop']);
    expect(castableVotes('clara', roll, []).map((v) => v.memberId)).toEqual(['clara']);
  });

  it('R2: a supervisory-board candidate may vote in their own election', () => {
    const roll = rollFor({ kind: 'supervisory_board_election' });
    expect(castableVotes('bert', roll, [])).toEqual([{ memberId: 'bert', votes: 1, capacity: 'own' }]);
  });
});
