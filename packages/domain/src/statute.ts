/**
 * Statute configuration (C1–C11) as one typed value with SMartDe-like defaults, and the
 * validation that refuses any configuration lowering a legal minimum (R15).
 */
import { isCalendarDate, isTimeZone } from './dates.ts';
import { compareFractions, type Fraction, fraction, isValidFraction, SIMPLE_MAJORITY } from './fraction.ts';
import {
  ITEM_KINDS,
  type ItemKind,
  itemKindRule,
  legalThreshold,
  type ThresholdContext,
} from './item-kinds.ts';
import { fail, ok, type Result } from './result.ts';

/** Channels ranked for R5 de-duplication; `personal` covers room and online. */
export type ChannelRank = 'personal' | 'proxy' | 'advance';
/** C5 open voting methods (secret ballots use `ballot_paper` or secret electronic voting). */
export type VotingMethod = 'show_of_hands' | 'voting_cards' | 'electronic' | 'ballot_paper';
/** C6 (a)–(d). */
/** R22: how a tie on the last seats of an election is settled. */
export type TieBreak = 'lot' | 'run_off';

export const TIE_BREAKS: readonly TieBreak[] = ['lot', 'run_off'];

export type ElectionMethod =
  | 'most_votes'
  | 'absolute_majority_of_ballots'
  | 'show_of_hands_per_seat'
  | 'list';
/** R11 / C7. */
export type DischargeMode = 'collective' | 'individual';
/** C4 quorum: none by law; a statute may require a share of all members present or represented. */
export type QuorumRule =
  | { readonly kind: 'none' }
  | { readonly kind: 'share_of_members'; readonly share: Fraction };

/** The statute's choices; docs/RULES.md explains each C-rule. */
export interface StatuteConfig {
  /** C1 Nr.1: multiple votes (at most 3 per member), off by default. */
  readonly multipleVotes: { readonly enabled: boolean; readonly maxVotes: number };
  /** C2, §8(2): investing members have no vote, or vote except on items needing ≥3/4 by law. */
  readonly investingMembers: 'no_vote' | 'vote_except_qualified';
  /** C3, R6–R9. */
  readonly proxies: {
    readonly form: 'text' | 'written';
    readonly eligibleHolders: 'members_only' | 'members_spouses_relatives';
    readonly maxPrincipalsPerHolder: 0 | 1 | 2;
    readonly allowProfessionalHolders: boolean;
  };
  /** C4: per-kind thresholds, at or above the legal minimum; kinds not listed use their default. */
  readonly thresholds: Readonly<Partial<Record<ItemKind, Fraction>>>;
  /** C4: quorum, none by default (the law sets none). */
  readonly quorum: QuorumRule;
  /** C5, R24: default method and secret-ballot triggers. */
  readonly voting: {
    readonly defaultMethod: VotingMethod;
    readonly secretForBoardElections: boolean;
    /** Share of valid votes that forces a secret ballot on request; null: no such trigger. */
    readonly secretOnRequestShare: Fraction | null;
  };
  /** C6, R21. */
  readonly elections: {
    readonly method: ElectionMethod;
    readonly allowListVoting: boolean;
    readonly supervisoryBoardSeats: number;
    /**
     * R22: how a tie on the last seats is settled: a lot the chair draws (`lot`) or a run-off
     * between the tied candidates (`run_off`).
     */
    readonly tieBreak: TieBreak;
  };
  /** C7. */
  readonly discharge: {
    readonly defaultMode: DischargeMode;
    readonly excludeCoMembersInIndividual: boolean;
    readonly excludeOtherBody: boolean;
    readonly excludeRepresentedLegalPerson: boolean;
  };
  /** C8, R5. */
  readonly channels: { readonly advanceVoting: boolean; readonly precedence: readonly ChannelRank[] };
  /**
   * C9, R16, R20: notice period in days, business-year start ('MM-DD') and the cooperative's time
   * zone (IANA name), on whose calendar every date rule is judged.
   */
  readonly convening: {
    readonly noticePeriodDays: number;
    readonly businessYearStart: string;
    readonly timeZone: string;
  };
  /** C10, §45: share of members that can force an assembly or items (at most 1/10). */
  readonly minorityShare: Fraction;
  /** C11: whether a voter may change their vote until the poll closes. */
  readonly procedure: { readonly voteChangeUntilClose: boolean };
}

/** Defaults for a cooperative like SMartDe eG. */
export const DEFAULT_STATUTE: StatuteConfig = {
  multipleVotes: { enabled: false, maxVotes: 1 },
  investingMembers: 'no_vote',
  proxies: {
    form: 'text',
    eligibleHolders: 'members_only',
    maxPrincipalsPerHolder: 2,
    allowProfessionalHolders: false,
  },
  thresholds: {},
  quorum: { kind: 'none' },
  voting: {
    defaultMethod: 'voting_cards',
    secretForBoardElections: true,
    secretOnRequestShare: fraction(1, 4),
  },
  elections: { method: 'most_votes', allowListVoting: false, supervisoryBoardSeats: 5, tieBreak: 'lot' },
  discharge: {
    defaultMode: 'collective',
    excludeCoMembersInIndividual: true,
    excludeOtherBody: false,
    excludeRepresentedLegalPerson: true,
  },
  channels: { advanceVoting: false, precedence: ['personal', 'proxy', 'advance'] },
  convening: { noticePeriodDays: 14, businessYearStart: '01-01', timeZone: 'Europe/Berlin' },
  minorityShare: fraction(1, 10),
  procedure: { voteChangeUntilClose: false },
};

/** Overrides per section; each given section is merged over the default section. */
export type StatuteInput = { readonly [K in keyof StatuteConfig]?: Partial<StatuteConfig[K]> };

/** Merges overrides over {@link DEFAULT_STATUTE} and validates the result (R15). */
export function defineStatute(input: StatuteInput = {}): Result<StatuteConfig> {
  return amendStatute(DEFAULT_STATUTE, input);
}

/** Sections that are one value (a union or a fraction): an override replaces them whole. */
const WHOLE_SECTIONS: ReadonlySet<string> = new Set(['quorum', 'investingMembers', 'minorityShare']);

/**
 * Merges overrides over a configuration and validates the result (R15): a given section is merged
 * field by field over the same section of `base` (thresholds kind by kind), so fields not named keep
 * their value; quorum, the investing members' vote and the minority share are replaced whole.
 * Sections that are not statute settings are refused.
 */
export function amendStatute(base: StatuteConfig, input: StatuteInput): Result<StatuteConfig> {
  const merged = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(DEFAULT_STATUTE, key)) {
      return fail('statute.unknown_setting', `The statute has no setting "${key}".`, { setting: key });
    }
    const current = merged[key];
    const section = WHOLE_SECTIONS.has(key) || typeof value !== 'object' || value === null;
    merged[key] = section ? value : { ...(current as object), ...(value as object) };
  }
  return validateStatute(merged as unknown as StatuteConfig);
}

/** Refuses a configuration that lowers a legal minimum or is out of range; returns it unchanged otherwise. */
export function validateStatute(config: StatuteConfig): Result<StatuteConfig> {
  const thresholds = validateThresholds(config.thresholds);
  if (!thresholds.ok) return thresholds;
  const checks: readonly (() => Result<true>)[] = [
    () => validateVotesAndProxies(config),
    () => validateShares(config),
    () => validateRanges(config),
  ];
  for (const check of checks) {
    const result = check();
    if (!result.ok) return result;
  }
  return ok(config);
}

function validateThresholds(thresholds: StatuteConfig['thresholds']): Result<true> {
  for (const kind of ITEM_KINDS) {
    const configured = thresholds[kind];
    if (configured === undefined) continue;
    if (itemKindRule(kind).decision !== 'majority') {
      return fail('statute.threshold_not_configurable', `Items of kind ${kind} have no yes/no threshold.`, {
        kind,
      });
    }
    if (!isValidFraction(configured) || compareFractions(configured, SIMPLE_MAJORITY) < 0) {
      return fail(
        'statute.threshold_invalid',
        `Threshold for ${kind} must be a fraction between 1/2 and 1.`,
        {
          kind,
          configured,
        },
      );
    }
    const minimum = legalThreshold(kind);
    if (compareFractions(configured, minimum) < 0) {
      return fail(
        'statute.threshold_below_legal_minimum',
        `Threshold for ${kind} is below the legal minimum ${minimum.num}/${minimum.den} (${itemKindRule(kind).legalBasis}).`,
        { kind, configured, minimum },
      );
    }
  }
  return ok(true);
}

function validateVotesAndProxies(config: StatuteConfig): Result<true> {
  const { maxVotes, enabled } = config.multipleVotes;
  if (!Number.isSafeInteger(maxVotes) || maxVotes < 1 || maxVotes > 3 || (!enabled && maxVotes !== 1)) {
    return fail(
      'statute.multiple_votes_invalid',
      'Multiple votes are 1 to 3 per member, and 1 when off (§43(3)).',
      {
        maxVotes,
      },
    );
  }
  if (![0, 1, 2].includes(config.proxies.maxPrincipalsPerHolder)) {
    return fail('statute.proxy_cap_invalid', 'A proxy holder may represent at most two members (§43(5)).', {
      maxPrincipalsPerHolder: config.proxies.maxPrincipalsPerHolder,
    });
  }
  const precedence = config.channels.precedence;
  if (precedence.length !== 3 || new Set(precedence).size !== 3) {
    return fail(
      'statute.channel_precedence_invalid',
      'Precedence must rank personal, proxy and advance once each.',
    );
  }
  return ok(true);
}

function validateShares(config: StatuteConfig): Result<true> {
  const share = config.minorityShare;
  if (!isValidFraction(share) || share.num === 0 || compareFractions(share, fraction(1, 10)) > 0) {
    return fail(
      'statute.minority_share_above_legal_maximum',
      'The minority share may be at most 1/10 (§45).',
      {
        share,
      },
    );
  }
  const request = config.voting.secretOnRequestShare;
  if (request !== null && (!isValidFraction(request) || request.num === 0)) {
    return fail('statute.secret_request_share_invalid', 'The secret-ballot request share must be in (0, 1].');
  }
  const quorum = config.quorum;
  if (quorum.kind === 'share_of_members' && (!isValidFraction(quorum.share) || quorum.share.num === 0)) {
    return fail('statute.quorum_invalid', 'A quorum must be a share in (0, 1] of the members.');
  }
  return ok(true);
}

function validateRanges(config: StatuteConfig): Result<true> {
  const days = config.convening.noticePeriodDays;
  if (!Number.isSafeInteger(days) || days < 14) {
    return fail(
      'statute.notice_period_below_minimum',
      'Notice must be given at least two weeks ahead (§46(1)).',
      {
        noticePeriodDays: days,
      },
    );
  }
  if (!isCalendarDate(`2001-${config.convening.businessYearStart}`)) {
    return fail('statute.business_year_start_invalid', "The business year start must be 'MM-DD'.");
  }
  if (typeof config.convening.timeZone !== 'string' || !isTimeZone(config.convening.timeZone)) {
    return fail('statute.time_zone_invalid', "The time zone must be an IANA name such as 'Europe/Berlin'.", {
      timeZone: config.convening.timeZone,
    });
  }
  if (!TIE_BREAKS.includes(config.elections.tieBreak)) {
    return fail('statute.tie_break_invalid', "A tie is settled by 'lot' or 'run_off'.", {
      tieBreak: String(config.elections.tieBreak),
    });
  }
  const seats = config.elections.supervisoryBoardSeats;
  if (!Number.isSafeInteger(seats) || seats < 3) {
    return fail(
      'statute.supervisory_board_seats_below_minimum',
      'The supervisory board has at least 3 members (§36(1)).',
      {
        seats,
      },
    );
  }
  return ok(true);
}

/**
 * The threshold a poll on this kind uses: the statute's value (or the kind's default), never below
 * the legal minimum for the context (R14, R15). Fixed when the poll is created.
 */
export function effectiveThreshold(
  kind: ItemKind,
  statute: StatuteConfig,
  context: ThresholdContext = {},
): Fraction {
  const configured = statute.thresholds[kind] ?? itemKindRule(kind).defaultThreshold;
  const minimum = legalThreshold(kind, context);
  return compareFractions(configured, minimum) >= 0 ? configured : minimum;
}
