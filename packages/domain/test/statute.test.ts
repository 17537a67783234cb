import { describe, expect, it } from 'vitest';
import {
  amendStatute,
  DEFAULT_STATUTE,
  defineStatute,
  effectiveThreshold,
  fraction,
  ITEM_KINDS,
  type ItemKind,
  itemKindRule,
  legalThreshold,
  NINE_TENTHS,
  REASON_CODES,
  SIMPLE_MAJORITY,
  type StatuteInput,
  THREE_QUARTERS,
  validateStatute,
} from '../src/index.ts';
import { statute } from './support.ts';

describe('statute defaults (C1–C11)', () => {
  it('describes a cooperative like SMartDe eG and validates', () => {
    expect(validateStatute(DEFAULT_STATUTE).ok).toBe(true);
    expect(DEFAULT_STATUTE.multipleVotes.enabled).toBe(false);
    expect(DEFAULT_STATUTE.proxies).toMatchObject({
      form: 'text',
      eligibleHolders: 'members_only',
      maxPrincipalsPerHolder: 2,
    });
    expect(DEFAULT_STATUTE.quorum).toEqual({ kind: 'none' });
    expect(DEFAULT_STATUTE.channels).toEqual({
      advanceVoting: false,
      precedence: ['personal', 'proxy', 'advance'],
    });
    expect(DEFAULT_STATUTE.discharge.excludeCoMembersInIndividual).toBe(true);
    expect(DEFAULT_STATUTE.discharge.excludeOtherBody).toBe(false);
  });

  it('merges overrides section by section and replaces the quorum whole', () => {
    const s = statute({
      proxies: { maxPrincipalsPerHolder: 1 },
      quorum: { kind: 'share_of_members', share: fraction(1, 5) },
    });
    expect(s.proxies).toMatchObject({ form: 'text', maxPrincipalsPerHolder: 1 });
    expect(s.quorum).toEqual({ kind: 'share_of_members', share: { num: 1, den: 5 } });
    expect(defineStatute().ok).toBe(true);
  });

  it('has unique reason codes', () => {
    expect(new Set(REASON_CODES).size).toBe(REASON_CODES.length);
  });
});

describe('R15: configuration may raise but never lower legal thresholds', () => {
  it.each<[string, StatuteInput, string]>([
    [
      'statute amendment at 2/3',
      { thresholds: { statute_amendment: fraction(2, 3) } },
      'statute.threshold_below_legal_minimum',
    ],
    [
      '§16(3) amendment at 3/4',
      { thresholds: { statute_amendment_obligation: THREE_QUARTERS } },
      'statute.threshold_below_legal_minimum',
    ],
    [
      'dissolution at simple majority',
      { thresholds: { dissolution: SIMPLE_MAJORITY } },
      'statute.threshold_below_legal_minimum',
    ],
    ['merger at 7/10', { thresholds: { merger: fraction(7, 10) } }, 'statute.threshold_below_legal_minimum'],
    [
      'AR removal at 2/3',
      { thresholds: { supervisory_board_removal: fraction(2, 3) } },
      'statute.threshold_below_legal_minimum',
    ],
    [
      'continuation at 1/2',
      { thresholds: { continuation: SIMPLE_MAJORITY } },
      'statute.threshold_below_legal_minimum',
    ],
    [
      'change of legal form at 2/3',
      { thresholds: { change_of_legal_form: fraction(2, 3) } },
      'statute.threshold_below_legal_minimum',
    ],
    ['a motion below 1/2', { thresholds: { motion: fraction(1, 3) } }, 'statute.threshold_invalid'],
    ['a threshold above 1', { thresholds: { motion: fraction(3, 2) } }, 'statute.threshold_invalid'],
    ['a zero denominator', { thresholds: { motion: fraction(1, 0) } }, 'statute.threshold_invalid'],
    [
      'a threshold for information',
      { thresholds: { information_only: THREE_QUARTERS } },
      'statute.threshold_not_configurable',
    ],
    [
      'a threshold for an election',
      { thresholds: { supervisory_board_election: THREE_QUARTERS } },
      'statute.threshold_not_configurable',
    ],
  ])('R15: given %s, when validated, then it is refused', (_title, input, reason) => {
    const result = defineStatute(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(reason);
      expect(result.message).not.toBe('');
    }
  });

  it('R15: the refusal names the kind, the configured value and the minimum', () => {
    const result = defineStatute({ thresholds: { statute_amendment: fraction(2, 3) } });
    expect(result).toMatchObject({
      ok: false,
      details: { kind: 'statute_amendment', configured: { num: 2, den: 3 }, minimum: THREE_QUARTERS },
    });
  });

  it.each<[string, StatuteInput]>([
    ['raising a motion to 2/3', { thresholds: { motion: fraction(2, 3) } }],
    ['raising dissolution to 9/10', { thresholds: { dissolution: NINE_TENTHS } }],
    ['keeping the statute amendment at 3/4', { thresholds: { statute_amendment: THREE_QUARTERS } }],
    [
      '§16(4): other amendments at a simple majority',
      { thresholds: { statute_amendment_other: SIMPLE_MAJORITY } },
    ],
  ])('R15: given %s, when validated, then it is accepted', (_title, input) => {
    expect(defineStatute(input).ok).toBe(true);
  });

  it('R15: the effective threshold never drops below the legal minimum, even for an unvalidated config', () => {
    const raw = { ...DEFAULT_STATUTE, thresholds: { dissolution: SIMPLE_MAJORITY } };
    expect(effectiveThreshold('dissolution', raw)).toEqual(THREE_QUARTERS);
    expect(effectiveThreshold('motion', statute({ thresholds: { motion: fraction(2, 3) } }))).toEqual(
      fraction(2, 3),
    );
    expect(effectiveThreshold('statute_amendment_other', DEFAULT_STATUTE)).toEqual(THREE_QUARTERS);
  });
});

describe('statute validation of other sections', () => {
  it.each<[string, StatuteInput, string]>([
    [
      '4 votes per member (C1)',
      { multipleVotes: { enabled: true, maxVotes: 4 } },
      'statute.multiple_votes_invalid',
    ],
    [
      '3 votes while off',
      { multipleVotes: { enabled: false, maxVotes: 3 } },
      'statute.multiple_votes_invalid',
    ],
    ['0 votes', { multipleVotes: { enabled: true, maxVotes: 0 } }, 'statute.multiple_votes_invalid'],
    [
      '3 principals per holder (R7)',
      { proxies: { maxPrincipalsPerHolder: 3 as 2 } },
      'statute.proxy_cap_invalid',
    ],
    [
      'a duplicate channel rank',
      { channels: { precedence: ['personal', 'personal', 'advance'] } },
      'statute.channel_precedence_invalid',
    ],
    [
      'two channel ranks',
      { channels: { precedence: ['personal', 'proxy'] } },
      'statute.channel_precedence_invalid',
    ],
    [
      'a minority share of 1/5 (§45)',
      { minorityShare: fraction(1, 5) },
      'statute.minority_share_above_legal_maximum',
    ],
    [
      'a zero minority share',
      { minorityShare: fraction(0, 5) },
      'statute.minority_share_above_legal_maximum',
    ],
    [
      'a zero secret request share',
      { voting: { secretOnRequestShare: fraction(0, 4) } },
      'statute.secret_request_share_invalid',
    ],
    [
      'a broken quorum',
      { quorum: { kind: 'share_of_members', share: fraction(0, 1) } },
      'statute.quorum_invalid',
    ],
    [
      'a 10-day notice period (R16)',
      { convening: { noticePeriodDays: 10 } },
      'statute.notice_period_below_minimum',
    ],
    [
      'a bad business year start',
      { convening: { businessYearStart: '13-01' } },
      'statute.business_year_start_invalid',
    ],
    ['an unknown time zone', { convening: { timeZone: 'Mars/Olympus' } }, 'statute.time_zone_invalid'],
    [
      '2 supervisory-board seats (R21)',
      { elections: { supervisoryBoardSeats: 2 } },
      'statute.supervisory_board_seats_below_minimum',
    ],
  ])('given %s, when validated, then it is refused', (_title, input, reason) => {
    expect(defineStatute(input)).toMatchObject({ ok: false, reason });
  });

  it('accepts a quorum, no secret-request trigger and multiple votes up to 3', () => {
    expect(
      defineStatute({
        quorum: { kind: 'share_of_members', share: fraction(1, 4) },
        voting: { secretOnRequestShare: null },
        multipleVotes: { enabled: true, maxVotes: 3 },
      }).ok,
    ).toBe(true);
  });
});

describe('R14: legal thresholds per item kind', () => {
  it.each<[ItemKind, { num: number; den: number }]>([
    ['annual_accounts', SIMPLE_MAJORITY],
    ['appropriation_of_profit_or_loss', SIMPLE_MAJORITY],
    ['discharge_management_board', SIMPLE_MAJORITY],
    ['discharge_supervisory_board', SIMPLE_MAJORITY],
    ['motion', SIMPLE_MAJORITY],
    ['procedural_motion', SIMPLE_MAJORITY],
    ['statute_amendment', THREE_QUARTERS],
    ['statute_amendment_obligation', NINE_TENTHS],
    ['supervisory_board_removal', THREE_QUARTERS],
    ['dissolution', THREE_QUARTERS],
    ['continuation', THREE_QUARTERS],
    ['merger', THREE_QUARTERS],
    ['change_of_legal_form', THREE_QUARTERS],
  ])('R14: %s needs at least %o by default', (kind, expected) => {
    expect(effectiveThreshold(kind, DEFAULT_STATUTE)).toEqual(expected);
  });

  it('R14: a change of legal form needs 9/10 when the objection quorum is met (§262 UmwG)', () => {
    expect(legalThreshold('change_of_legal_form', { legalFormObjectionQuorumMet: true })).toEqual(
      NINE_TENTHS,
    );
    expect(
      effectiveThreshold('change_of_legal_form', DEFAULT_STATUTE, { legalFormObjectionQuorumMet: true }),
    ).toEqual(NINE_TENTHS);
    expect(legalThreshold('merger', { legalFormObjectionQuorumMet: true })).toEqual(THREE_QUARTERS);
  });

  it('every kind has a legal basis; discharge kinds name their body; elections and information are not yes/no', () => {
    for (const kind of ITEM_KINDS) expect(itemKindRule(kind).legalBasis).toMatch(/§/);
    expect(itemKindRule('discharge_supervisory_board').dischargedBody).toBe('supervisory_board');
    expect(itemKindRule('discharge_management_board').dischargedBody).toBe('management_board');
    expect(itemKindRule('supervisory_board_election').decision).toBe('election');
    expect(itemKindRule('information_only').decision).toBe('none');
    expect(itemKindRule('supervisory_board_election').defaultSecret).toBe(true);
    expect(itemKindRule('motion').defaultSecret).toBe(false);
  });
});

describe('amendStatute', () => {
  const base = statute({ channels: { advanceVoting: true }, proxies: { maxPrincipalsPerHolder: 1 } });

  it('merges each given section field by field over the current settings, keeping the others', () => {
    const result = amendStatute(base, {
      thresholds: { motion: fraction(2, 3) },
      proxies: { form: 'written' },
    });
    expect(result.ok && result.value).toEqual({
      ...base,
      thresholds: { motion: fraction(2, 3) },
      proxies: { ...base.proxies, form: 'written' },
    });
    // Thresholds merge kind by kind, too.
    const again = result.ok
      ? amendStatute(result.value, { thresholds: { statute_amendment: fraction(4, 5) } })
      : result;
    expect(again.ok && again.value.thresholds).toEqual({
      motion: fraction(2, 3),
      statute_amendment: fraction(4, 5),
    });
  });

  it('replaces the quorum, the investing members rule and the minority share whole', () => {
    const quorum = { kind: 'share_of_members', share: fraction(1, 5) } as const;
    const result = amendStatute(base, { quorum, minorityShare: fraction(1, 20) });
    expect(result.ok && result.value.quorum).toEqual(quorum);
    expect(result.ok && result.value.minorityShare).toEqual(fraction(1, 20));
    const none = result.ok ? amendStatute(result.value, { quorum: { kind: 'none' } }) : result;
    expect(none.ok && none.value.quorum).toEqual({ kind: 'none' });
  });

  it('checks the merged result: a change legal on the defaults can be illegal on the current settings', () => {
    const threeVotes = amendStatute(base, { multipleVotes: { maxVotes: 3 } });
    expect(threeVotes.ok || threeVotes.reason).toBe('statute.multiple_votes_invalid');
    const enabled = amendStatute(base, { multipleVotes: { enabled: true, maxVotes: 3 } });
    expect(enabled.ok).toBe(true);
    const below = amendStatute(base, { thresholds: { dissolution: fraction(1, 2) } });
    expect(below.ok || below.reason).toBe('statute.threshold_below_legal_minimum');
  });

  it('leaves a section given as undefined as it is', () => {
    const result = amendStatute(base, { proxies: undefined, channels: undefined });
    expect(result.ok && result.value).toEqual(base);
  });

  it('refuses a setting the statute does not have', () => {
    const result = amendStatute(base, { colour: { red: true } } as unknown as StatuteInput);
    expect(result.ok || result.reason).toBe('statute.unknown_setting');
    expect(defineStatute({ colour: 1 } as unknown as StatuteInput).ok).toBe(false);
  });
});
