import { describe, expect, it } from 'vitest';
import {
  type AttendanceListItem,
  attendanceListRequired,
  checkAuditReportItem,
  checkMinutes,
  type MinutesDraft,
  minutesPlace,
} from '../src/index.ts';

describe('R19: the audit report on the agenda', () => {
  it.each([
    [[{ isAuditReport: true }, {}], true, 'ok'],
    [[{}], true, 'convening.audit_report_missing'],
    [[{}], false, 'ok'],
  ])('R19: agenda %j with a pending report %s gives %s', (agenda, pending, expected) => {
    const r = checkAuditReportItem(agenda, pending);
    expect(r.ok ? 'ok' : r.reason).toBe(expected);
  });
});

describe('R26: the place in the minutes', () => {
  it.each([
    ['in_person', 'Bürgerhaus', false, 'Bürgerhaus'],
    ['hybrid', 'Bürgerhaus', false, 'Bürgerhaus'],
    ['virtual', null, false, 'Berlin'],
    ['extended', 'Bürgerhaus', true, 'Berlin'],
    ['extended', 'Bürgerhaus', false, 'Bürgerhaus'],
    ['in_person', null, false, 'Berlin'],
  ] as const)(
    'R26: a %s assembly at %s (virtual discussion %s) records %s',
    (form, venue, virtual, place) => {
      expect(minutesPlace(form, venue, 'Berlin', virtual)).toBe(place);
    },
  );
});

describe('R28: attendance list', () => {
  it.each<[string, boolean, AttendanceListItem[], boolean]>([
    [
      'an ordinary assembly',
      false,
      [{ kind: 'annual_accounts' }, { kind: 'statute_amendment', amendmentClauses: [1] }],
      false,
    ],
    ['multiple votes or investing members', true, [], true],
    ['a §16(2) Nr.3 amendment', false, [{ kind: 'statute_amendment', amendmentClauses: [3] }], true],
    ['a §16(3) amendment', false, [{ kind: 'statute_amendment_obligation' }], true],
    [
      'an essential change of object',
      false,
      [{ kind: 'statute_amendment', essentialChangeOfObject: true }],
      true,
    ],
    ['continuation', false, [{ kind: 'continuation' }], true],
  ])('R28: %s requires a list: %s', (_title, flag, items, expected) => {
    expect(attendanceListRequired(flag, items)).toBe(expected);
  });
});

describe('R27: content of the minutes', () => {
  const base: MinutesDraft = {
    place: 'Berlin',
    date: '2025-06-14',
    form: 'in_person',
    chairName: 'A. Vorsitz',
    resolutions: [{ method: 'Stimmkarten', result: '40/3/2', declaration: 'angenommen' }],
    signatures: { chair: true, managementBoardMembers: 1 },
    conveningEvidenceAttached: true,
    attendanceListAttached: false,
  };
  it.each<[string, Partial<MinutesDraft>, boolean, string]>([
    ['complete minutes', {}, false, 'ok'],
    ['no chair name', { chairName: ' ' }, false, 'minutes.field_missing'],
    [
      'a resolution without declaration',
      { resolutions: [{ method: 'x', result: 'y', declaration: '' }] },
      false,
      'minutes.field_missing',
    ],
    [
      'a virtual assembly without participation list',
      { form: 'virtual' },
      false,
      'minutes.participation_list_missing',
    ],
    [
      'a hybrid assembly with participation list',
      {
        form: 'hybrid',
        resolutions: [
          {
            method: 'x',
            result: 'y',
            declaration: 'z',
            participation: [{ memberId: 'm', channel: 'online' }],
          },
        ],
      },
      false,
      'ok',
    ],
    [
      'no management-board signature',
      { signatures: { chair: true, managementBoardMembers: 0 } },
      false,
      'minutes.signature_missing',
    ],
    [
      'no chair signature',
      { signatures: { chair: false, managementBoardMembers: 2 } },
      false,
      'minutes.signature_missing',
    ],
    [
      'no convening evidence',
      { conveningEvidenceAttached: false },
      false,
      'minutes.convening_evidence_missing',
    ],
    ['a required attendance list missing', {}, true, 'minutes.attendance_list_missing'],
  ])('R27: %s gives %s', (_title, extra, listNeeded, expected) => {
    const r = checkMinutes({ ...base, ...extra }, listNeeded);
    expect(r.ok ? 'ok' : r.reason).toBe(expected);
  });
});
