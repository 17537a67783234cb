/** Shared fixtures for the domain tests: a small cooperative with both boards. */
import {
  type BoardOffice,
  DEFAULT_STATUTE,
  defineStatute,
  type Member,
  type ProxyGrant,
  type StatuteConfig,
  type StatuteInput,
} from '../src/index.ts';

export const NOW = '2025-06-14T10:00:00Z';
export const YEAR_2024 = { from: '2024-01-01', to: '2024-12-31' } as const;

/** A statute from overrides; throws if the overrides are invalid (tests of validation use defineStatute). */
export function statute(input: StatuteInput = {}): StatuteConfig {
  const result = defineStatute(input);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

export const DEFAULTS: StatuteConfig = DEFAULT_STATUTE;

/** A natural-person member admitted in 2020. */
export function member(id: string, extra: Partial<Member> = {}): Member {
  return { id, kind: 'natural_person', admissionDate: '2020-01-01', ...extra };
}

/**
 * anna, bert, carl: supervisory board (carl left mid-2024); clara, dora: management board;
 * emil, fritz: ordinary members; coop: a legal-person member represented by anna.
 */
export const MEMBERS: readonly Member[] = [
  member('anna'),
  member('bert'),
  member('carl'),
  member('clara'),
  member('dora'),
  member('emil'),
  member('fritz'),
  { id: 'coop', kind: 'legal_person', admissionDate: '2019-05-01', representatives: ['anna'] },
];

export const OFFICES: readonly BoardOffice[] = [
  { personId: 'anna', body: 'supervisory_board', from: '2020-01-01', to: null },
  { personId: 'bert', body: 'supervisory_board', from: '2022-01-01', to: null },
  { personId: 'carl', body: 'supervisory_board', from: '2018-01-01', to: '2024-06-30' },
  { personId: 'clara', body: 'management_board', from: '2019-01-01', to: null },
  { personId: 'dora', body: 'management_board', from: '2024-03-01', to: null },
];

let grantSeq = 0;

/** A valid text-form grant for all items. */
export function grant(principalId: string, holderId: string, extra: Partial<ProxyGrant> = {}): ProxyGrant {
  grantSeq += 1;
  return {
    id: `g${grantSeq}`,
    principalId,
    holder: { id: holderId, isMember: true },
    form: 'text',
    documentHash: 'sha256:abc',
    scope: 'all_items',
    grantedAt: '2025-06-01T08:00:00Z',
    ...extra,
  };
}
