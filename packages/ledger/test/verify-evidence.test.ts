import { describe, expect, it } from 'vitest';
import { sha256Hex, utf8 } from '../src/bytes.ts';
import type { CanonicalObject, CanonicalValue } from '../src/canonical.ts';
import { appendEntries, GENESIS_HEAD, type NewEntry } from '../src/chain.ts';
import { type Bundle, type BundleMember, registerRoot } from '../src/verify/bundle.ts';
import { verifyEvidence } from '../src/verify/verify-evidence.ts';
import { collector } from '../src/verify/violations.ts';

const A = 'asm-1';
const at = (minute: number) => `2026-06-20T10:${String(minute).padStart(2, '0')}:00.000Z`;
const member = (id: string, name: string): BundleMember => ({
  id,
  memberNumber: `M-${id}`,
  name,
  kind: 'natural_person',
  admissionDate: '2020-01-01',
  exitDate: null,
  investing: false,
  votes: 1,
});
const register = [member('m1', 'Anna Müller'), member('m2', 'Jörg Weiß'), member('m3', 'Zeynep Yılmaz')];
const e = (minute: number, type: string, payload: CanonicalObject, assemblyId: string | undefined = A) =>
  ({ at: at(minute), type, ...(assemblyId === undefined ? {} : { assemblyId }), payload }) as NewEntry;

function chain(...entries: NewEntry[]) {
  return appendEntries(GENESIS_HEAD, entries).entries;
}

function bundleOf(parts: Partial<Bundle>): Bundle {
  return {
    assembly: { id: A, title: 'GV', form: 'hybrid', statute: {} },
    members: register,
    agenda: [],
    attendance: [],
    proxies: [],
    polls: [],
    objections: [],
    ...parts,
  } as unknown as Bundle;
}

function check(bundle: Bundle, entries: ReturnType<typeof chain>) {
  const { violations, report } = collector();
  verifyEvidence(bundle, entries, report);
  return violations;
}

const imported = (minute: number, members: readonly BundleMember[]) =>
  e(
    minute,
    'members.imported',
    { registerRoot: registerRoot(members), registerSize: members.length },
    undefined,
  );

describe('evidence binding (SPEC.md §10.5)', () => {
  it('attendance rows may come in another order than the chain; an altered one gives a line per side', () => {
    const entries = chain(
      imported(0, register),
      e(1, 'attendance.checked_in', { memberId: 'm1', channel: 'room', reason: null, by: 'desk' }),
      e(2, 'attendance.checked_in', { memberId: 'm2', channel: 'online', reason: null, by: 'm2' }),
    );
    const row = (memberId: string, channel: string, minute: number, actor: string) => ({
      memberId,
      event: 'check_in',
      channel,
      actor,
      reason: null,
      at: at(minute),
    });
    const swapped = [row('m2', 'online', 2, 'm2'), row('m1', 'room', 1, 'desk')];
    expect(check(bundleOf({ attendance: swapped }), entries)).toEqual([]);
    const altered = [row('m2', 'online', 2, 'm2'), row('m1', 'online', 1, 'desk')];
    const found = check(bundleOf({ attendance: altered }), entries);
    expect(found.map((v) => [v.code, v.where])).toEqual([
      ['evidence.attendance_mismatch', 'attendance 2'],
      ['evidence.attendance_mismatch', 'seq 2'],
    ]);
  });

  it('R27: every event of an attendance batch is bound; a row missing, added or altered is a line, and so is an empty batch', () => {
    const ev = (
      memberId: string,
      event: string,
      channel: string,
      minute: number,
      reason: string | null = null,
    ) => ({
      memberId,
      event,
      channel,
      reason,
      by: 'desk',
      at: at(minute),
    });
    const entries = chain(
      imported(0, register),
      e(1, 'attendance.checked_in', { memberId: 'm1', channel: 'room', reason: null, by: 'desk' }),
      e(3, 'attendance.chained', {
        events: [
          ev('m2', 'check_in', 'online', 2),
          ev('m3', 'refused', 'room', 2, 'attendance.not_a_member'),
          ev('m1', 'check_out', 'room', 3),
        ],
      }),
    );
    const row = (x: ReturnType<typeof ev>) => ({
      memberId: x.memberId,
      event: x.event,
      channel: x.channel,
      actor: x.by,
      reason: x.reason,
      at: x.at,
    });
    const rows = [
      row(ev('m1', 'check_in', 'room', 1)),
      row(ev('m2', 'check_in', 'online', 2)),
      row(ev('m3', 'refused', 'room', 2, 'attendance.not_a_member')),
      row(ev('m1', 'check_out', 'room', 3)),
    ];
    expect(check(bundleOf({ attendance: rows }), entries)).toEqual([]);
    const missing = check(bundleOf({ attendance: rows.slice(0, 3) }), entries);
    expect(missing.map((v) => [v.code, v.where])).toEqual([['evidence.attendance_mismatch', 'seq 3']]);
    const added = check(bundleOf({ attendance: [...rows, row(ev('m4', 'check_in', 'room', 4))] }), entries);
    expect(added.map((v) => [v.code, v.where])).toEqual([['evidence.attendance_mismatch', 'attendance 5']]);
    const altered = rows.map((r) => (r.memberId === 'm2' ? { ...r, channel: 'room' } : r));
    expect(check(bundleOf({ attendance: altered }), entries).map((v) => [v.code, v.where])).toEqual([
      ['evidence.attendance_mismatch', 'attendance 2'],
      ['evidence.attendance_mismatch', 'seq 3'],
    ]);
    const empty = chain(imported(0, register), e(1, 'attendance.chained', { events: [] }));
    expect(check(bundleOf({ attendance: [] }), empty).map((v) => [v.code, v.where])).toEqual([
      ['evidence.attendance_mismatch', 'seq 2'],
    ]);
  });

  it('an entry written before a field existed is compared on the fields it carries', () => {
    const legacy = chain(
      e(1, 'agenda.item_added', {
        itemId: 'i1',
        position: 1,
        kind: 'annual_accounts',
        title: 'Jahresabschluss',
      }),
    );
    const item = {
      id: 'i1',
      position: 1,
      kind: 'annual_accounts',
      title: 'Jahresabschluss',
      body: 'any text',
      announcedOn: null,
      details: {},
      candidates: [],
    };
    expect(check(bundleOf({ agenda: [item] }), legacy)).toEqual([]);
    expect(
      check(bundleOf({ agenda: [{ ...item, title: 'Anderes' }] }), legacy).map((v) => v.message),
    ).toEqual(['title differ from ledger entry 1']);
    const current = chain(
      e(1, 'agenda.item_added', {
        itemId: 'i1',
        position: 1,
        kind: 'annual_accounts',
        title: 'Jahresabschluss',
        body: 'the motion',
        announcedOn: null,
        details: {},
      }),
    );
    expect(check(bundleOf({ agenda: [{ ...item, body: 'the motion' }] }), current)).toEqual([]);
    expect(check(bundleOf({ agenda: [item] }), current).map((v) => v.code)).toEqual([
      'evidence.agenda_mismatch',
    ]);
    // An item the ledger records but the bundle leaves out is reported too.
    expect(check(bundleOf({ agenda: [] }), current).map((v) => v.where)).toEqual(['seq 1']);
  });

  it('a candidate renamed by a recorded register change keeps the new name; an unrecorded rename is caught', () => {
    const renamed = [
      register[0] as BundleMember,
      member('m2', 'Jörg Weiß-Schmidt'),
      register[2] as BundleMember,
    ];
    const item = (name: string) => ({
      id: 'i9',
      position: 1,
      kind: 'supervisory_board_election',
      title: 'Wahl',
      body: '',
      announcedOn: null,
      details: {},
      candidates: [{ memberId: 'm2', name, position: 1, acceptedAt: null, declinedAt: null }],
    });
    const nominated = e(2, 'election.candidate_nominated', {
      itemId: 'i9',
      memberId: 'm2',
      position: 1,
      name: 'Jörg Weiß',
    });
    const added = e(1, 'agenda.item_added', {
      itemId: 'i9',
      position: 1,
      kind: 'supervisory_board_election',
      title: 'Wahl',
    });
    const recorded = chain(imported(0, register), added, nominated, imported(3, renamed));
    expect(check(bundleOf({ members: renamed, agenda: [item('Jörg Weiß-Schmidt')] }), recorded)).toEqual([]);
    const unrecorded = chain(imported(0, register), added, nominated);
    expect(
      check(bundleOf({ members: renamed, agenda: [item('Jörg Weiß-Schmidt')] }), unrecorded).map(
        (v) => v.code,
      ),
    ).toEqual(['evidence.member_mismatch', 'evidence.candidate_mismatch']);
  });

  it('a register changed between two polls without an entry is reported at the second opening', () => {
    const changed = [member('m1', 'Anna Fälscher'), ...register.slice(1)];
    const entries = chain(
      e(1, 'poll.opened', { pollId: 'p1', registerRoot: registerRoot(register), registerSize: 3 }),
      e(2, 'poll.opened', { pollId: 'p2', registerRoot: registerRoot(changed), registerSize: 3 }),
    );
    expect(check(bundleOf({ members: changed }), entries).map((v) => [v.code, v.where])).toEqual([
      ['evidence.register_unrecorded', 'seq 2'],
    ]);
  });

  it('a revocation repeats its grant; a proxy holder changed afterwards is caught on both rows', () => {
    const entries = chain(
      e(1, 'proxy.granted', {
        grantId: 'g1',
        principalId: 'm1',
        holder: 'm2',
        holderMemberId: 'm2',
        holderName: null,
        form: 'text',
        documentRef: null,
        documentHash: 'ab'.repeat(32),
        reason: null,
        by: 'desk',
      }),
      e(2, 'proxy.revoked', { grantId: 'g1', by: 'principal', actor: 'desk' }),
    );
    const row = (event: string, minute: number, holder: string, reason: string | null) => ({
      grantId: 'g1',
      event,
      principalId: 'm1',
      holderMemberId: holder,
      holderName: null,
      form: 'text',
      documentRef: null,
      documentHash: 'ab'.repeat(32),
      reason,
      actor: 'desk',
      at: at(minute),
    });
    const genuine = [row('granted', 1, 'm2', null), row('revoked', 2, 'm2', 'withdrawn_by_principal')];
    expect(check(bundleOf({ proxies: genuine }), entries)).toEqual([]);
    const forged = [row('granted', 1, 'm3', null), row('revoked', 2, 'm3', 'withdrawn_by_principal')];
    expect(check(bundleOf({ proxies: forged }), entries).map((v) => v.where)).toEqual([
      'proxy 1',
      'proxy 2',
      'seq 1',
      'seq 2',
    ]);
  });
});

describe('rehearsal polls', () => {
  const created = (minute: number, pollId: string, rehearsal: boolean) =>
    e(minute, 'poll.created', {
      pollId,
      itemId: 'i1',
      itemKind: 'procedural_motion',
      kind: 'majority',
      round: 1,
      secret: false,
      threshold: { num: 1, den: 2 },
      options: ['yes', 'no', 'abstain'],
      ...(rehearsal ? { rehearsal: true } : {}),
    });
  const pollMismatch = (v: ReturnType<typeof check>) => v.filter((x) => x.code === 'evidence.poll_mismatch');

  it('R27: a rehearsal the ledger marks may be missing from the bundle; a real poll may not', () => {
    const entries = chain(
      imported(0, register),
      created(1, 'p-rehearsal', true),
      created(2, 'p-real', false),
    );
    const found = pollMismatch(check(bundleOf({}), entries));
    expect(found.map((v) => v.message)).toEqual(['poll p-real is missing from the bundle']);
  });

  it('R27: a rehearsal found in the bundle is reported: it counts nowhere', () => {
    const entries = chain(imported(0, register), created(1, 'p-rehearsal', true));
    const poll = {
      id: 'p-rehearsal',
      agendaItemId: 'i1',
      itemKind: 'procedural_motion',
      kind: 'majority',
      round: 1,
      secret: false,
      threshold: { num: 1, den: 2 },
      options: ['yes', 'no', 'abstain'],
      roll: [],
    };
    const found = pollMismatch(check(bundleOf({ polls: [poll] } as unknown as Partial<Bundle>), entries));
    expect(found.map((v) => v.message)).toContain('a rehearsal poll is in the bundle; it counts nowhere');
  });
});

describe('motions from the floor', () => {
  const text = 'Statt 2,4 Mio. € höchstens 2,0 Mio. €.';
  const hash = sha256Hex(utf8(text));
  const motion = (over: Record<string, CanonicalValue> = {}): CanonicalObject => ({
    id: 'f1',
    itemId: 'i1',
    memberId: 'm1',
    kind: 'amendment',
    text,
    textSha256: hash,
    status: 'adopted',
    reach: 1,
    rejectionReason: null,
    amendedText: 'Der Antrag lautet neu.',
    pollId: 'p1',
    submittedAt: at(1),
    ...over,
  });
  const entries = chain(
    e(1, 'floor_motion.submitted', {
      motionId: 'f1',
      itemId: 'i1',
      memberId: 'm1',
      kind: 'amendment',
      text,
      textSha256: hash,
    }),
    e(2, 'floor_motion.admitted', { motionId: 'f1', itemId: 'i1', reach: 1, by: 'staff:chair' }),
    e(3, 'poll.created', {
      pollId: 'p1',
      itemId: 'i1',
      config: { floorMotion: { id: 'f1', kind: 'amendment', text, textSha256: hash } },
    }),
    e(3, 'floor_motion.put_to_vote', { motionId: 'f1', itemId: 'i1', pollId: 'p1', order: 1 }),
    e(4, 'floor_motion.decided', {
      motionId: 'f1',
      itemId: 'i1',
      pollId: 'p1',
      outcome: 'adopted',
      amendedText: 'Der Antrag lautet neu.',
      lapsed: [],
      mainMotionLapses: false,
    }),
  );
  const codes = (b: Bundle) =>
    check(b, entries)
      .filter((v) => v.code === 'evidence.floor_motion_mismatch')
      .map((v) => `${v.where}: ${v.message}`);

  it('a motion stated as its entries left it verifies; a bundle written before motions existed is not judged', () => {
    expect(codes(bundleOf({ floorMotions: [motion()] }))).toEqual([]);
    expect(codes(bundleOf({}))).toEqual([]);
  });

  it('a text edited in the database differs from its hash and from the recorded text', () => {
    const lines = codes(
      bundleOf({ floorMotions: [motion({ text: 'Statt 2,4 Mio. € höchstens 1,0 Mio. €.' })] }),
    );
    expect(lines).toEqual([
      'floor motion f1: the text does not hash to its textSha256',
      'floor motion f1: text differ from ledger entry 5',
    ]);
  });

  it('a result, a reach or an amended text changed afterwards is caught; a motion missing from the bundle too', () => {
    expect(codes(bundleOf({ floorMotions: [motion({ status: 'defeated', reach: 2 })] }))).toEqual([
      'floor motion f1: status, reach differ from ledger entry 5',
    ]);
    expect(codes(bundleOf({ floorMotions: [] }))).toEqual([
      'seq 5: floor motion f1 is missing from the bundle',
    ]);
  });
});
