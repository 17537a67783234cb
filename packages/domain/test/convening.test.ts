import { describe, expect, it } from 'vitest';
import {
  type AnnouncedItem,
  checkAnnualAssemblyDate,
  checkItemNotice,
  checkNotice,
  DEFAULT_STATUTE,
  type ItemKind,
  type Notice,
  type SecretBallotRequest,
  secretBallotDecision,
} from '../src/index.ts';
import { statute } from './support.ts';

const NOTICE: Notice = {
  deliveredOn: '2025-05-31',
  assemblyDate: '2025-06-14',
  channel: 'text_form_to_each_member',
  form: 'in_person',
  agendaItems: 8,
};

describe('R16: notice of meeting', () => {
  it.each<[string, Partial<Notice>, string]>([
    ['exactly two weeks ahead by text form', {}, 'ok'],
    ['in the statute’s public paper', { channel: 'statute_public_paper' }, 'ok'],
    ['13 days ahead', { deliveredOn: '2025-06-01' }, 'convening.notice_period_too_short'],
    ['on the website only', { channel: 'website_only' }, 'convening.channel_insufficient'],
    ['in the Bundesanzeiger only', { channel: 'bundesanzeiger_only' }, 'convening.channel_insufficient'],
    ['without agenda', { agendaItems: 0 }, 'convening.agenda_missing'],
    ['virtual without access details', { form: 'virtual' }, 'convening.access_details_missing'],
    ['hybrid with access details', { form: 'hybrid', accessDetails: true }, 'ok'],
  ])('R16: a notice %s gives %s', (_title, extra, expected) => {
    const r = checkNotice({ ...NOTICE, ...extra }, DEFAULT_STATUTE);
    expect(r.ok ? 'ok' : r.reason).toBe(expected);
  });

  it('R16: a longer statutory notice period is enforced (C9)', () => {
    expect(checkNotice(NOTICE, statute({ convening: { noticePeriodDays: 21 } }))).toMatchObject({
      ok: false,
      details: { days: 14, required: 21 },
    });
  });
});

describe('R17: no resolution on an item announced less than a week before', () => {
  const item = (kind: ItemKind, announcedOn: string, extra: Partial<AnnouncedItem> = {}): AnnouncedItem => ({
    kind,
    announcedOn,
    ...extra,
  });
  it.each<[string, AnnouncedItem, boolean, string]>([
    ['a motion announced 7 days before', item('motion', '2025-06-07'), false, 'ok'],
    [
      'a motion announced 6 days before',
      item('motion', '2025-06-08'),
      false,
      'convening.item_announced_too_late',
    ],
    ['a late motion with all members present', item('motion', '2025-06-13'), true, 'ok'],
    ['a late procedural motion', item('procedural_motion', '2025-06-14'), false, 'ok'],
    ['a late information-only item', item('information_only', '2025-06-14'), false, 'ok'],
    [
      'a late motion within an announced item',
      item('motion', '2025-06-14', { withinAnnouncedItem: true }),
      false,
      'ok',
    ],
    [
      'a late motion to convene an extraordinary GV',
      item('motion', '2025-06-14', { convenesExtraordinaryAssembly: true }),
      false,
      'ok',
    ],
    [
      'a late statute amendment',
      item('statute_amendment', '2025-06-10'),
      false,
      'convening.item_announced_too_late',
    ],
  ])('R17: %s gives %s', (_title, it_, allPresent, expected) => {
    const r = checkItemNotice(it_, '2025-06-14', allPresent);
    expect(r.ok ? 'ok' : r.reason).toBe(expected);
  });
});

describe('R20: the annual assembly falls in the first six months of the business year', () => {
  it.each([
    ['2025-06-30', DEFAULT_STATUTE, 'ok'],
    ['2025-07-01', DEFAULT_STATUTE, 'convening.annual_assembly_outside_first_half'],
    ['2025-12-31', statute({ convening: { businessYearStart: '07-01' } }), 'ok'],
    [
      '2025-03-01',
      statute({ convening: { businessYearStart: '07-01' } }),
      'convening.annual_assembly_outside_first_half',
    ],
  ] as const)('R20: an assembly on %s gives %s', (date, config, expected) => {
    const r = checkAnnualAssemblyDate(date, config);
    expect(r.ok ? 'ok' : r.reason).toBe(expected);
  });
});

describe('R24: secret-ballot triggers', () => {
  const noBoardTrigger = statute({ voting: { secretForBoardElections: false } });
  it.each<[string, ItemKind, SecretBallotRequest | undefined, typeof DEFAULT_STATUTE, boolean, string]>([
    [
      'a supervisory-board election',
      'supervisory_board_election',
      undefined,
      DEFAULT_STATUTE,
      true,
      'secret.board_election',
    ],
    [
      'a management-board election',
      'management_board_election',
      undefined,
      DEFAULT_STATUTE,
      true,
      'secret.board_election',
    ],
    ['a motion without request', 'motion', undefined, DEFAULT_STATUTE, false, 'secret.not_required'],
    [
      'a motion with 1/4 of valid votes requesting',
      'motion',
      { supporting: 25, validVotes: 100 },
      DEFAULT_STATUTE,
      true,
      'secret.requested',
    ],
    [
      'a motion with just under 1/4 requesting',
      'motion',
      { supporting: 24, validVotes: 100 },
      DEFAULT_STATUTE,
      false,
      'secret.not_required',
    ],
    [
      'a request with no valid votes',
      'motion',
      { supporting: 0, validVotes: 0 },
      DEFAULT_STATUTE,
      false,
      'secret.not_required',
    ],
    [
      'an election where the statute sets no trigger',
      'supervisory_board_election',
      undefined,
      noBoardTrigger,
      true,
      'secret.kind_default',
    ],
    [
      'a request where the statute has no request trigger',
      'motion',
      { supporting: 99, validVotes: 100 },
      statute({ voting: { secretOnRequestShare: null } }),
      false,
      'secret.not_required',
    ],
  ])('R24: %s', (_title, kind, request, config, secret, reason) => {
    expect(secretBallotDecision(kind, config, request)).toEqual({ secret, reason });
  });
});
