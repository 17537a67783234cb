import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ASSEMBLY_STATUSES,
  type AssemblyActivity,
  type AssemblyStatus,
  type Convening,
  checkClose,
  DEFAULT_STATUTE,
  decideConvening,
  isPermitted,
  type LifecycleAction,
  nextLifecycleAction,
  permits,
  transition,
} from '../src/index.ts';

const CONVENING: Convening = {
  status: 'preparation',
  invitedOn: '2026-05-20',
  today: '2026-05-21',
  assemblyDate: '2026-06-20',
  channel: 'text_form_to_each_member',
  form: 'in_person',
  accessDetails: false,
  items: [{ kind: 'motion', announcedOn: null }],
};

const verdict = (r: { ok: boolean; reason?: string }) => (r.ok ? 'ok' : r.reason);

describe('lifecycle: preparation → convened → open → closed', () => {
  it.each<[AssemblyStatus, LifecycleAction, string]>([
    ['preparation', 'convene', 'ok'],
    ['convened', 'open', 'ok'],
    ['open', 'close', 'ok'],
    ['preparation', 'open', 'assembly.transition_not_allowed'],
    ['preparation', 'close', 'assembly.transition_not_allowed'],
    ['convened', 'convene', 'assembly.transition_not_allowed'],
    ['convened', 'close', 'assembly.transition_not_allowed'],
    ['open', 'convene', 'assembly.transition_not_allowed'],
    ['open', 'open', 'assembly.transition_not_allowed'],
    ['closed', 'convene', 'assembly.transition_not_allowed'],
    ['closed', 'open', 'assembly.transition_not_allowed'],
    ['closed', 'close', 'assembly.transition_not_allowed'],
  ])('lifecycle: %s, %s gives %s', (status, action, expected) => {
    expect(verdict(transition(status, action))).toBe(expected);
  });

  it('lifecycle: the one next action leads through every state in order, and none after closed', () => {
    const seen: AssemblyStatus[] = ['preparation'];
    let status: AssemblyStatus = 'preparation';
    for (let action = nextLifecycleAction(status); action !== null; action = nextLifecycleAction(status)) {
      const next = transition(status, action);
      if (!next.ok) throw new Error(next.message);
      status = next.value;
      seen.push(status);
    }
    expect(seen).toEqual(['preparation', 'convened', 'open', 'closed']);
  });

  it('lifecycle: only the next action is ever allowed (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ASSEMBLY_STATUSES),
        fc.constantFrom<LifecycleAction>('convene', 'open', 'close'),
        (status, action) => transition(status, action).ok === (nextLifecycleAction(status) === action),
      ),
    );
  });

  it.each<[AssemblyActivity, AssemblyStatus, string]>([
    ['edit', 'preparation', 'ok'],
    ['edit', 'convened', 'assembly.not_in_preparation'],
    ['agenda', 'convened', 'ok'],
    ['agenda', 'closed', 'assembly.closed'],
    ['proxy', 'preparation', 'assembly.not_convened'],
    ['proxy', 'convened', 'ok'],
    ['proxy', 'open', 'ok'],
    ['proxy', 'closed', 'assembly.closed'],
    ['advance_vote', 'preparation', 'assembly.not_convened'],
    ['advance_vote', 'convened', 'ok'],
    ['advance_vote', 'closed', 'assembly.closed'],
    ['check_in', 'preparation', 'assembly.not_open'],
    ['check_in', 'convened', 'assembly.not_open'],
    ['check_in', 'open', 'ok'],
    ['check_in', 'closed', 'assembly.closed'],
    ['open_poll', 'convened', 'assembly.not_open'],
    ['open_poll', 'open', 'ok'],
    ['cast', 'convened', 'assembly.not_open'],
    ['cast', 'open', 'ok'],
    ['cast', 'closed', 'assembly.closed'],
    ['record', 'open', 'ok'],
    ['record', 'closed', 'assembly.closed'],
    ['final_minutes', 'open', 'assembly.not_closed'],
    ['final_minutes', 'closed', 'ok'],
  ])('lifecycle: %s while %s gives %s', (activity, status, expected) => {
    expect(verdict(permits(status, activity))).toBe(expected);
  });

  it('lifecycle: a closed assembly permits nothing but the final minutes (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<AssemblyActivity>(
          'edit',
          'agenda',
          'proxy',
          'advance_vote',
          'check_in',
          'open_poll',
          'cast',
          'record',
          'final_minutes',
        ),
        (activity) => isPermitted('closed', activity) === (activity === 'final_minutes'),
      ),
    );
  });

  it('lifecycle: close is refused while a poll is open', () => {
    expect(checkClose('open', 1)).toMatchObject({ ok: false, reason: 'assembly.polls_open' });
    expect(checkClose('open', 0)).toEqual({ ok: true, value: 'closed' });
    expect(verdict(checkClose('convened', 0))).toBe('assembly.transition_not_allowed');
  });
});

describe('R16: the convening checks the notice', () => {
  it.each<[string, Partial<Convening>, string]>([
    ['a month ahead by text form', {}, 'ok'],
    ['exactly 14 days ahead', { invitedOn: '2026-06-06', today: '2026-06-06' }, 'ok'],
    ['13 days ahead', { invitedOn: '2026-06-07', today: '2026-06-07' }, 'convening.notice_period_too_short'],
    ['on the website only', { channel: 'website_only' }, 'convening.channel_insufficient'],
    ['with no agenda item', { items: [] }, 'convening.agenda_missing'],
    ['hybrid without access details', { form: 'hybrid' }, 'convening.access_details_missing'],
    ['hybrid with access details', { form: 'hybrid', accessDetails: true }, 'ok'],
    ['dated after today', { invitedOn: '2026-05-22' }, 'convening.notice_in_future'],
    ['a second time', { status: 'convened' }, 'assembly.transition_not_allowed'],
  ])('R16: convening %s gives %s', (_title, extra, expected) => {
    expect(verdict(decideConvening({ ...CONVENING, ...extra }, DEFAULT_STATUTE))).toBe(expected);
  });
});

describe('R17: the convening checks that each item was announced in time', () => {
  it.each<[string, Convening['items'], string]>([
    ['an item announced with the invitation', [{ kind: 'motion', announcedOn: null }], 'ok'],
    ['an item announced 7 days before', [{ kind: 'motion', announcedOn: '2026-06-13' }], 'ok'],
    [
      'an item announced 6 days before',
      [
        { kind: 'motion', announcedOn: null },
        { kind: 'motion', announcedOn: '2026-06-14' },
      ],
      'convening.item_announced_too_late',
    ],
    ['information announced the day before', [{ kind: 'information_only', announcedOn: '2026-06-19' }], 'ok'],
    [
      'a motion within an announced item, the day before',
      [{ kind: 'motion', announcedOn: '2026-06-19', withinAnnouncedItem: true }],
      'ok',
    ],
  ])('R17: %s gives %s', (_title, items, expected) => {
    expect(verdict(decideConvening({ ...CONVENING, items }, DEFAULT_STATUTE))).toBe(expected);
  });

  it('R17: the refusal names the late item by position', () => {
    const r = decideConvening(
      {
        ...CONVENING,
        items: [
          { kind: 'motion', announcedOn: null },
          { kind: 'motion', announcedOn: '2026-06-18' },
        ],
      },
      DEFAULT_STATUTE,
    );
    expect(r).toMatchObject({ ok: false, details: { position: 2, days: 2 } });
  });
});

describe('R20: the convening warns when the annual assembly falls after month six', () => {
  it('R20: an annual assembly in July is convened with a warning', () => {
    const r = decideConvening(
      {
        ...CONVENING,
        assemblyDate: '2026-07-10',
        items: [{ kind: 'annual_accounts', announcedOn: null }],
      },
      DEFAULT_STATUTE,
    );
    expect(r).toMatchObject({
      ok: true,
      value: { status: 'convened', warnings: [{ reason: 'convening.annual_assembly_outside_first_half' }] },
    });
  });

  it('R20: an extraordinary assembly in July has no warning', () => {
    const r = decideConvening({ ...CONVENING, assemblyDate: '2026-07-10' }, DEFAULT_STATUTE);
    expect(r).toMatchObject({ ok: true, value: { warnings: [] } });
  });
});

describe('R19: the convening checks that a pending audit report is on the agenda', () => {
  it.each<[string, Partial<Convening>, string]>([
    ['no audit pending', {}, 'ok'],
    ['an audit pending, no report item', { auditReportPending: true }, 'convening.audit_report_missing'],
    [
      'an audit pending, with the report item',
      {
        auditReportPending: true,
        items: [{ kind: 'information_only', announcedOn: null, isAuditReport: true }],
      },
      'ok',
    ],
  ])('R19: %s gives %s', (_title, extra, expected) => {
    expect(verdict(decideConvening({ ...CONVENING, ...extra }, DEFAULT_STATUTE))).toBe(expected);
  });
});
