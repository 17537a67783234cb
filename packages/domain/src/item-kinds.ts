/**
 * Agenda item kinds. Each kind fixes its legal threshold, its default secrecy and whether it must
 * be announced in advance; the chair cannot change the threshold live (R15).
 */
import type { Body } from './board.ts';
import { compareFractions, type Fraction, NINE_TENTHS, SIMPLE_MAJORITY, THREE_QUARTERS } from './fraction.ts';

/** All agenda item kinds Plenum knows. */
export const ITEM_KINDS = [
  'annual_accounts',
  'appropriation_of_profit_or_loss',
  'discharge_management_board',
  'discharge_supervisory_board',
  'supervisory_board_election',
  'management_board_election',
  'supervisory_board_removal',
  'motion',
  'statute_amendment',
  'statute_amendment_other',
  'statute_amendment_obligation',
  'dissolution',
  'continuation',
  'merger',
  'change_of_legal_form',
  'procedural_motion',
  'information_only',
] as const;

/** An agenda item kind, e.g. `discharge_supervisory_board`. */
export type ItemKind = (typeof ITEM_KINDS)[number];

/** How an item is decided: yes/no majority, an election, or not at all. */
export type DecisionKind = 'majority' | 'election' | 'none';

/** The fixed legal facts about one item kind. */
export interface ItemKindRule {
  readonly kind: ItemKind;
  readonly decision: DecisionKind;
  /** The lowest threshold the statute may configure (R15). */
  readonly legalMinimum: Fraction;
  /** The threshold when the statute says nothing. */
  readonly defaultThreshold: Fraction;
  /** Legal basis, cited in minutes and exports. */
  readonly legalBasis: string;
  /** Secret by default (R24 may still force secrecy). */
  readonly defaultSecret: boolean;
  /** False where §46(3) GenG or R17's exceptions need no advance notice. */
  readonly requiresNotice: boolean;
  /** For discharge kinds, the body being discharged (R11: separately per body). */
  readonly dischargedBody: Body | null;
}

function rule(
  kind: ItemKind,
  legalMinimum: Fraction,
  legalBasis: string,
  extra: Partial<Omit<ItemKindRule, 'kind' | 'legalMinimum' | 'legalBasis'>> = {},
): ItemKindRule {
  return {
    kind,
    decision: 'majority',
    legalMinimum,
    defaultThreshold: legalMinimum,
    legalBasis,
    defaultSecret: false,
    requiresNotice: true,
    dischargedBody: null,
    ...extra,
  };
}

const RULES: Readonly<Record<ItemKind, ItemKindRule>> = {
  annual_accounts: rule('annual_accounts', SIMPLE_MAJORITY, '§48(1) GenG'),
  appropriation_of_profit_or_loss: rule('appropriation_of_profit_or_loss', SIMPLE_MAJORITY, '§48(1) GenG'),
  discharge_management_board: rule('discharge_management_board', SIMPLE_MAJORITY, '§48(1), §43(6) GenG', {
    dischargedBody: 'management_board',
  }),
  discharge_supervisory_board: rule('discharge_supervisory_board', SIMPLE_MAJORITY, '§48(1), §43(6) GenG', {
    dischargedBody: 'supervisory_board',
  }),
  supervisory_board_election: rule('supervisory_board_election', SIMPLE_MAJORITY, '§36(1), §43(2) GenG', {
    decision: 'election',
    defaultSecret: true,
  }),
  management_board_election: rule('management_board_election', SIMPLE_MAJORITY, '§24(2), §43(2) GenG', {
    decision: 'election',
    defaultSecret: true,
  }),
  supervisory_board_removal: rule('supervisory_board_removal', THREE_QUARTERS, '§36(3) GenG'),
  motion: rule('motion', SIMPLE_MAJORITY, '§43(2) GenG'),
  statute_amendment: rule('statute_amendment', THREE_QUARTERS, '§16(2) GenG'),
  // §16(4): the statute may set other majorities for amendments not listed in §16(2)/(3).
  statute_amendment_other: rule('statute_amendment_other', SIMPLE_MAJORITY, '§16(4) GenG', {
    defaultThreshold: THREE_QUARTERS,
  }),
  statute_amendment_obligation: rule('statute_amendment_obligation', NINE_TENTHS, '§16(3) GenG'),
  dissolution: rule('dissolution', THREE_QUARTERS, '§78(1) GenG'),
  continuation: rule('continuation', THREE_QUARTERS, '§79a(1) GenG'),
  merger: rule('merger', THREE_QUARTERS, '§84 UmwG'),
  change_of_legal_form: rule('change_of_legal_form', THREE_QUARTERS, '§262(1) UmwG'),
  procedural_motion: rule('procedural_motion', SIMPLE_MAJORITY, '§43(2) GenG; §46(2) S.3', {
    requiresNotice: false,
  }),
  information_only: rule('information_only', SIMPLE_MAJORITY, '§46(3) GenG', {
    decision: 'none',
    requiresNotice: false,
  }),
};

/** The fixed legal facts of an item kind. */
export function itemKindRule(kind: ItemKind): ItemKindRule {
  return RULES[kind];
}

/** Context that can raise a legal threshold. */
export interface ThresholdContext {
  /** §262(1) S.2 UmwG: objections by registered letter reached the quorum ({@link legalFormObjectionQuorumMet}). */
  readonly legalFormObjectionQuorumMet?: boolean;
}

/** R14: the legal minimum threshold of a kind, raised to 9/10 for a contested change of legal form. */
export function legalThreshold(kind: ItemKind, context: ThresholdContext = {}): Fraction {
  if (kind === 'change_of_legal_form' && context.legalFormObjectionQuorumMet === true) return NINE_TENTHS;
  return RULES[kind].legalMinimum;
}

/** True if the kind needs at least 3/4 by law (R1: multiple votes fall back to one vote there). */
export function needsQualifiedMajorityByLaw(kind: ItemKind, context: ThresholdContext = {}): boolean {
  return compareFractions(legalThreshold(kind, context), THREE_QUARTERS) >= 0;
}
