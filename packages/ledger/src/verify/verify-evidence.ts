import { DEFAULT_STATUTE } from '@plenum/domain';
import { sha256Hex, utf8 } from '../bytes.ts';
import { type CanonicalObject, type CanonicalValue, canonicalString } from '../canonical.ts';
import type { HashedEntry } from '../chain.ts';
import { isEntryOf } from '../event-types.ts';
import { type Bundle, type BundleMember, registerRoot } from './bundle.ts';
import type { Report } from './violations.ts';

/**
 * Evidence binding (SPEC.md §10.5): every fact the bundle and the minutes state besides the polls —
 * the register, attendance, proxies, agenda items and their documents, candidates with their
 * statements and photos, objections — is recomputed from the
 * ledger entries that recorded it. A row the database holds but the ledger does not (or the other
 * way round, or with another value) is one violation line of its own kind.
 *
 * Entries written before a field was added to a payload are compared on the fields they carry:
 * the ledger is append-only and old entries are never rewritten.
 */
export function verifyEvidence(bundle: Bundle, entries: readonly HashedEntry[], report: Report): void {
  const mine = entries.filter((e) => e.assemblyId === bundle.assembly.id);
  const registerOk = checkRegister(bundle, entries, report);
  checkAttendance(bundle.attendance, mine, report);
  checkProxies(bundle.proxies, mine, report);
  checkAgenda(bundle.agenda, mine, report);
  checkCandidates(bundle, mine, registerOk, report);
  checkObjections(bundle.objections, mine, report);
  if (bundle.floorMotions !== undefined) checkFloorMotions(bundle.floorMotions, mine, report);
  checkPollHeads(bundle, mine, report);
  checkAssembly(bundle, mine, report);
  checkLifecycle(bundle, mine, report);
}

const str = (v: CanonicalValue | undefined): string => canonicalString(v ?? null);
const has = (o: CanonicalObject, k: string) => Object.hasOwn(o, k);

/**
 * The register: the bundle's members must have the `registerRoot` of the last ledger entry that
 * recorded one (an import, or a poll's opening). Every `poll.opened` must find the register as the
 * previous recording left it, or the register was changed without an entry. Every member on a
 * roll must be in the register. Returns whether the members match the recorded register.
 */
function checkRegister(bundle: Bundle, entries: readonly HashedEntry[], report: Report): boolean {
  let ok = true;
  let last: HashedEntry | undefined;
  for (const e of entries) {
    if (typeof e.payload.registerRoot !== 'string') continue;
    if (
      isEntryOf(e, 'poll.opened') &&
      last !== undefined &&
      last.payload.registerRoot !== e.payload.registerRoot &&
      e.assemblyId === bundle.assembly.id
    )
      report(
        'evidence.register_unrecorded',
        `seq ${e.seq}`,
        `the register changed between ledger entries ${last.seq} and ${e.seq} without an entry recording it`,
      );
    last = e;
  }
  if (last !== undefined && registerRoot(bundle.members) !== last.payload.registerRoot) {
    ok = false;
    report(
      'evidence.member_mismatch',
      'register',
      `the ${bundle.members.length} members in the bundle do not match registerRoot of ledger entry ${last.seq} (${String(last.payload.registerSize)} members)`,
    );
  }
  const ids = new Set(bundle.members.map((m) => m.id));
  for (const poll of bundle.polls) {
    const unknown = poll.roll.filter((r) => !ids.has(r.memberId));
    if (unknown.length > 0) {
      ok = false;
      report(
        'evidence.member_mismatch',
        `poll ${poll.id}`,
        `${unknown.length} roll entries name no member of the register, e.g. ${unknown[0]?.memberId}`,
      );
    }
  }
  return ok;
}

/**
 * Compares two lists as multisets of canonical rows (the order of rows written by concurrent
 * transactions may differ from the ledger's): each bundle row without a ledger entry and each
 * ledger entry without a bundle row is one line.
 */
function compareMultisets(
  code: string,
  what: string,
  rows: readonly CanonicalObject[],
  expected: readonly { seq: number; row: CanonicalObject }[],
  report: Report,
): void {
  const pending = new Map<string, number[]>();
  for (const x of expected) {
    const k = canonicalString(x.row);
    pending.set(k, [...(pending.get(k) ?? []), x.seq]);
  }
  rows.forEach((row, i) => {
    const k = canonicalString(row);
    const seqs = pending.get(k);
    if (seqs !== undefined && seqs.length > 0) seqs.shift();
    else report(code, `${what} ${i + 1}`, `${canonicalString(row)} is recorded in no ledger entry`);
  });
  for (const seqs of pending.values())
    for (const seq of seqs)
      report(code, `seq ${seq}`, `the ${what} event of this ledger entry is missing or altered`);
}

const ATTENDANCE_EVENTS: Record<string, string> = {
  'attendance.checked_in': 'check_in',
  'attendance.refused': 'refused',
  'attendance.checked_out': 'check_out',
};

/**
 * Attendance (R27): every check-in, refusal and check-out with member, channel, actor and time.
 * Earlier versions wrote one entry per event; an `attendance.chained` entry carries a batch of
 * events, each with its own time, and every one of them is compared like a single entry.
 */
function checkAttendance(rows: readonly CanonicalObject[], entries: readonly HashedEntry[], report: Report) {
  const project = (r: CanonicalObject): CanonicalObject => ({
    memberId: r.memberId ?? null,
    event: r.event ?? null,
    channel: r.channel ?? null,
    actor: r.actor ?? null,
    reason: r.reason ?? null,
    at: r.at ?? null,
  });
  const expected: { seq: number; row: CanonicalObject }[] = [];
  for (const e of entries) {
    const single = ATTENDANCE_EVENTS[e.type];
    if (single !== undefined)
      expected.push({
        seq: e.seq,
        row: project({
          memberId: e.payload.memberId ?? null,
          event: single,
          channel: e.payload.channel ?? null,
          actor: e.payload.by ?? null,
          reason: e.payload.reason ?? null,
          at: e.at,
        }),
      });
    else if (isEntryOf(e, 'attendance.chained')) {
      const events = Array.isArray(e.payload.events) ? e.payload.events : [];
      if (events.length === 0)
        report(
          'evidence.attendance_mismatch',
          `seq ${e.seq}`,
          'the attendance batch of this ledger entry is empty',
        );
      for (const x of events) {
        const p = (x !== null && typeof x === 'object' && !Array.isArray(x) ? x : {}) as CanonicalObject;
        const event =
          typeof p.event === 'string' && Object.values(ATTENDANCE_EVENTS).includes(p.event) ? p.event : null;
        expected.push({
          seq: e.seq,
          row: project({
            memberId: p.memberId ?? null,
            event,
            channel: p.channel ?? null,
            actor: p.by ?? null,
            reason: p.reason ?? null,
            at: p.at ?? null,
          }),
        });
      }
    }
  }
  compareMultisets('evidence.attendance_mismatch', 'attendance', rows.map(project), expected, report);
}

/**
 * Proxies (R6–R9): grants and refusals with principal, holder, form, document and reason; a
 * revocation repeats its grant's facts with who ended it. `holder` is the holder's member id or
 * `external:<name>`; entries since evidence binding also carry `holderMemberId`, `holderName`
 * and `documentRef`.
 */
function checkProxies(rows: readonly CanonicalObject[], entries: readonly HashedEntry[], report: Report) {
  const grants = new Map<string, CanonicalObject>();
  const expected: { seq: number; row: CanonicalObject }[] = [];
  for (const e of entries) {
    const p = e.payload;
    if (isEntryOf(e, 'proxy.granted') || isEntryOf(e, 'proxy.rejected')) {
      const row: Record<string, CanonicalValue> = {
        grantId: p.grantId ?? null,
        event: isEntryOf(e, 'proxy.granted') ? 'granted' : 'rejected',
        principalId: p.principalId ?? null,
        holder: p.holder ?? null,
        form: p.form ?? null,
        documentHash: p.documentHash === '' ? null : (p.documentHash ?? null),
        reason: p.reason ?? null,
        actor: p.by ?? null,
        at: e.at,
      };
      for (const k of ['holderMemberId', 'holderName', 'documentRef']) if (has(p, k)) row[k] = p[k] ?? null;
      grants.set(String(p.grantId), row);
      expected.push({ seq: e.seq, row });
    } else if (isEntryOf(e, 'proxy.revoked')) {
      const grant = grants.get(String(p.grantId)) ?? { grantId: p.grantId ?? null };
      expected.push({
        seq: e.seq,
        row: {
          ...grant,
          event: 'revoked',
          reason: p.by === 'principal' ? 'withdrawn_by_principal' : 'renounced_by_holder',
          actor: p.actor ?? null,
          at: e.at,
        },
      });
    }
  }
  // Each bundle row is projected onto the fields its ledger entry records (by grant id and event).
  const fieldsOf = new Map<string, readonly string[]>();
  for (const x of expected)
    fieldsOf.set(`${String(x.row.grantId)} ${String(x.row.event)}`, Object.keys(x.row));
  const projected = rows.map((r) => {
    const full: CanonicalObject = {
      ...r,
      holder: r.holderMemberId ?? (r.holderName === null ? null : `external:${String(r.holderName)}`),
    };
    const fields = fieldsOf.get(`${String(r.grantId)} ${String(r.event)}`) ?? Object.keys(full);
    return Object.fromEntries(fields.map((k) => [k, full[k] ?? null])) as CanonicalObject;
  });
  compareMultisets('evidence.proxy_mismatch', 'proxy', projected, expected, report);
}

const AGENDA_FIELDS = ['position', 'kind', 'title', 'body', 'proposer', 'announcedOn', 'details'] as const;
/** The fields an `agenda.item_updated` entry restates (the item as it reads after the change). */
const UPDATED_FIELDS = ['title', 'body', 'proposer'] as const;

/**
 * Agenda items: one `agenda.item_added` per item, with position, kind, title, text, proposer and
 * details, and after it each `agenda.item_updated` with the title, motion text and proposer as they
 * then read. The item's documents are bound by their `agenda.document_attached` entries.
 */
function checkAgenda(items: readonly CanonicalObject[], entries: readonly HashedEntry[], report: Report) {
  const added = new Map(
    entries.filter((e) => isEntryOf(e, 'agenda.item_added')).map((e) => [String(e.payload.itemId), e]),
  );
  const updates = new Map<string, HashedEntry[]>();
  for (const e of entries) {
    if (!isEntryOf(e, 'agenda.item_updated')) continue;
    const id = String(e.payload.itemId);
    updates.set(id, [...(updates.get(id) ?? []), e]);
  }
  for (const item of items) {
    const e = added.get(String(item.id));
    if (e === undefined) {
      report(
        'evidence.agenda_mismatch',
        `item ${String(item.id)}`,
        'no agenda.item_added entry records this item',
      );
      continue;
    }
    added.delete(String(item.id));
    const expected: Record<string, CanonicalValue> = { ...e.payload };
    let last = e;
    for (const u of updates.get(String(item.id)) ?? []) {
      for (const k of UPDATED_FIELDS) if (has(u.payload, k)) expected[k] = u.payload[k] ?? null;
      last = u;
    }
    updates.delete(String(item.id));
    const differ = AGENDA_FIELDS.filter((k) => has(expected, k) && str(expected[k]) !== str(item[k]));
    if (differ.length > 0)
      report(
        'evidence.agenda_mismatch',
        `item ${String(item.id)}`,
        `${differ.join(', ')} differ from ledger entry ${last.seq}`,
      );
  }
  for (const e of added.values())
    report(
      'evidence.agenda_mismatch',
      `seq ${e.seq}`,
      `agenda item ${String(e.payload.itemId)} is missing from the bundle`,
    );
  for (const list of updates.values())
    for (const e of list)
      report(
        'evidence.agenda_mismatch',
        `seq ${e.seq}`,
        `agenda item ${String(e.payload.itemId)} is missing from the bundle`,
      );
  checkDocuments(items, entries, report);
}

const DOCUMENT_FIELDS = ['filename', 'contentType', 'size', 'sha256'] as const;

/**
 * Documents: each one attached by an `agenda.document_attached` entry naming its item, file name,
 * type, size and sha256. The bundle states the hash of the bytes stored at export, so a file
 * replaced in the database differs from the hash the assembly recorded.
 */
function checkDocuments(items: readonly CanonicalObject[], entries: readonly HashedEntry[], report: Report) {
  const attached = new Map(
    entries
      .filter((e) => isEntryOf(e, 'agenda.document_attached'))
      .map((e) => [String(e.payload.documentId), e]),
  );
  for (const item of items) {
    for (const d of (item.documents ?? []) as CanonicalObject[]) {
      const where = `item ${String(item.id)} document ${String(d.id)}`;
      const e = attached.get(String(d.id));
      if (e === undefined || String(e.payload.itemId) !== String(item.id)) {
        report(
          'evidence.document_mismatch',
          where,
          'no agenda.document_attached entry records this document',
        );
        continue;
      }
      attached.delete(String(d.id));
      const differ = DOCUMENT_FIELDS.filter((k) => str(e.payload[k]) !== str(d[k]));
      if (differ.length > 0)
        report('evidence.document_mismatch', where, `${differ.join(', ')} differ from ledger entry ${e.seq}`);
    }
  }
  for (const e of attached.values())
    report(
      'evidence.document_mismatch',
      `seq ${e.seq}`,
      `document ${String(e.payload.documentId)} of item ${String(e.payload.itemId)} is missing from the bundle`,
    );
}

/**
 * Candidates: each one nominated by an `election.candidate_nominated` entry (item, member,
 * position, and since evidence binding the name at nomination); acceptance and refusal times from
 * `election.acceptance`. A name may differ from the nominated one only by a change the register
 * records (the member's name in a bundle whose register matches the ledger).
 */
function checkCandidates(
  bundle: Bundle,
  entries: readonly HashedEntry[],
  registerOk: boolean,
  report: Report,
) {
  const members = new Map<string, BundleMember>(bundle.members.map((m) => [m.id, m]));
  const itemOfPoll = new Map<string, string>();
  for (const e of entries)
    if (isEntryOf(e, 'poll.created')) itemOfPoll.set(String(e.payload.pollId), String(e.payload.itemId));
  const nominated = new Map<string, HashedEntry>();
  const profiles = new Map<string, HashedEntry>();
  const decided = new Map<string, { accepted: boolean; at: string }>();
  for (const e of entries) {
    if (isEntryOf(e, 'election.candidate_nominated'))
      nominated.set(`${String(e.payload.itemId)} ${String(e.payload.memberId)}`, e);
    else if (isEntryOf(e, 'election.candidate_profile'))
      profiles.set(`${String(e.payload.itemId)} ${String(e.payload.memberId)}`, e);
    else if (isEntryOf(e, 'election.acceptance'))
      decided.set(`${itemOfPoll.get(String(e.payload.pollId))} ${String(e.payload.candidateId)}`, {
        accepted: e.payload.accepted === true,
        at: e.at,
      });
  }
  for (const item of bundle.agenda) {
    for (const c of (item.candidates ?? []) as CanonicalObject[]) {
      const key = `${String(item.id)} ${String(c.memberId)}`;
      const where = `item ${String(item.id)} candidate ${String(c.memberId)}`;
      const e = nominated.get(key);
      if (e === undefined) {
        report(
          'evidence.candidate_mismatch',
          where,
          'no election.candidate_nominated entry records this candidate',
        );
        continue;
      }
      nominated.delete(key);
      const problems: string[] = [];
      if (e.payload.position !== c.position) problems.push('position');
      if (has(e.payload, 'name') && c.name !== e.payload.name) {
        const registered = registerOk ? members.get(String(c.memberId))?.name : undefined;
        if (registered === undefined || registered !== c.name) problems.push('name');
      }
      const d = decided.get(key);
      if (str(c.acceptedAt) !== str(d?.accepted === true ? d.at : null)) problems.push('acceptedAt');
      if (str(c.declinedAt) !== str(d?.accepted === false ? d.at : null)) problems.push('declinedAt');
      // The statement and photo as the last `election.candidate_profile` left them (none: '' and null).
      const profile = profiles.get(key)?.payload;
      if (has(c, 'statement') && str(c.statement) !== str(profile?.statement ?? ''))
        problems.push('statement');
      if (has(c, 'photoSha256') && str(c.photoSha256) !== str(profile?.photoSha256 ?? null))
        problems.push('photoSha256');
      if (problems.length > 0)
        report(
          'evidence.candidate_mismatch',
          where,
          `${problems.join(', ')} differ from ledger entry ${e.seq}`,
        );
    }
  }
  for (const e of nominated.values())
    report(
      'evidence.candidate_mismatch',
      `seq ${e.seq}`,
      `candidate ${String(e.payload.memberId)} of item ${String(e.payload.itemId)} is missing from the bundle`,
    );
}

/** Objections (R30): recorded and refused ones, with member, text, reason, who recorded them and when. */
function checkObjections(rows: readonly CanonicalObject[], entries: readonly HashedEntry[], report: Report) {
  const recorded = new Map(
    entries
      .filter((e) => isEntryOf(e, 'objection.recorded') || isEntryOf(e, 'objection.refused'))
      .map((e) => [String(e.payload.objectionId), e]),
  );
  for (const o of rows) {
    const e = recorded.get(String(o.id));
    const where = `objection ${String(o.id)}`;
    if (e === undefined) {
      report('evidence.objection_mismatch', where, 'no objection entry records this objection');
      continue;
    }
    recorded.delete(String(o.id));
    const p = e.payload;
    const expected: CanonicalObject = {
      pollId: p.pollId ?? null,
      memberId: p.memberId ?? null,
      memberNumber: p.memberNumber ?? null,
      text: p.text ?? null,
      status: isEntryOf(e, 'objection.recorded') ? 'recorded' : 'refused',
      reason: p.reason ?? null,
      recordedBy: p.by ?? null,
      at: e.at,
    };
    const differ = Object.keys(expected).filter((k) => str(expected[k]) !== str(o[k]));
    if (differ.length > 0)
      report('evidence.objection_mismatch', where, `${differ.join(', ')} differ from ledger entry ${e.seq}`);
  }
  for (const e of recorded.values())
    report(
      'evidence.objection_mismatch',
      `seq ${e.seq}`,
      `objection ${String(e.payload.objectionId)} is missing from the bundle`,
    );
}

const FLOOR_MOTION_STEPS = [
  'floor_motion.admitted',
  'floor_motion.rejected',
  'floor_motion.put_to_vote',
  'floor_motion.decided',
] as const;
const FLOOR_MOTION_FIELDS = [
  'itemId',
  'memberId',
  'kind',
  'text',
  'textSha256',
  'status',
  'reach',
  'rejectionReason',
  'amendedText',
  'pollId',
  'submittedAt',
] as const;

/**
 * Motions from the floor: each one as its entries leave it — `floor_motion.submitted` (item, mover,
 * kind, text and its sha256, instant), `floor_motion.admitted` (reach) or `floor_motion.rejected`
 * (reason), `floor_motion.put_to_vote` (its poll, whose `poll.created` must carry the same motion and
 * text hash) and `floor_motion.decided` (adopted or defeated, the amended text, the motions that
 * lapse). The bundle's text must hash to its `textSha256`, so a text edited in the database differs
 * from both the hash and the recorded text.
 */
function checkFloorMotions(
  rows: readonly CanonicalObject[],
  entries: readonly HashedEntry[],
  report: Report,
) {
  const state = new Map<string, { seq: number; row: Record<string, CanonicalValue> }>();
  const polls = new Map<string, HashedEntry>();
  for (const e of entries) {
    const p = e.payload;
    if (isEntryOf(e, 'poll.created')) polls.set(String(p.pollId), e);
    if (isEntryOf(e, 'floor_motion.submitted')) {
      state.set(String(p.motionId), {
        seq: e.seq,
        row: {
          itemId: p.itemId ?? null,
          memberId: p.memberId ?? null,
          kind: p.kind ?? null,
          text: p.text ?? null,
          textSha256: p.textSha256 ?? null,
          status: 'submitted',
          reach: null,
          rejectionReason: null,
          amendedText: null,
          pollId: null,
          submittedAt: e.at,
        },
      });
      if (typeof p.text !== 'string' || sha256Hex(utf8(p.text)) !== p.textSha256)
        report(
          'evidence.floor_motion_mismatch',
          `seq ${e.seq}`,
          'the recorded text does not hash to its textSha256',
        );
      continue;
    }
    const s = state.get(String(p.motionId));
    if (s === undefined) {
      if (FLOOR_MOTION_STEPS.some((t) => isEntryOf(e, t)))
        report(
          'evidence.floor_motion_mismatch',
          `seq ${e.seq}`,
          `${e.type} names a motion no entry submitted`,
        );
      continue;
    }
    s.seq = e.seq;
    if (isEntryOf(e, 'floor_motion.admitted'))
      Object.assign(s.row, { status: 'admitted', reach: p.reach ?? null });
    else if (isEntryOf(e, 'floor_motion.rejected'))
      Object.assign(s.row, { status: 'rejected', rejectionReason: p.reason ?? null });
    else if (isEntryOf(e, 'floor_motion.put_to_vote')) {
      Object.assign(s.row, { status: 'voting', pollId: p.pollId ?? null });
      const created = polls.get(String(p.pollId))?.payload.config as CanonicalObject | undefined;
      const bound = created?.floorMotion as CanonicalObject | undefined;
      if (bound?.id !== p.motionId || bound?.textSha256 !== s.row.textSha256 || bound?.text !== s.row.text)
        report(
          'evidence.floor_motion_mismatch',
          `seq ${e.seq}`,
          `poll ${String(p.pollId)} was not created for this motion and its text`,
        );
    } else if (isEntryOf(e, 'floor_motion.decided')) {
      Object.assign(s.row, { status: p.outcome ?? null, amendedText: p.amendedText ?? null });
      for (const id of (p.lapsed ?? []) as string[]) {
        const other = state.get(id);
        if (other !== undefined) {
          other.row.status = 'lapsed';
          other.seq = e.seq;
        }
      }
    }
  }
  rows.forEach((row, i) => {
    const id = String(row.id);
    const where = `floor motion ${id}`;
    if (typeof row.text !== 'string' || sha256Hex(utf8(row.text)) !== row.textSha256)
      report('evidence.floor_motion_mismatch', where, 'the text does not hash to its textSha256');
    const s = state.get(id);
    if (s === undefined) {
      report(
        'evidence.floor_motion_mismatch',
        where,
        `no floor_motion.submitted entry records motion ${i + 1}`,
      );
      return;
    }
    state.delete(id);
    const differ = FLOOR_MOTION_FIELDS.filter((k) => str(s.row[k]) !== str(row[k]));
    if (differ.length > 0)
      report(
        'evidence.floor_motion_mismatch',
        where,
        `${differ.join(', ')} differ from ledger entry ${s.seq}`,
      );
  });
  for (const [id, s] of state)
    report('evidence.floor_motion_mismatch', `seq ${s.seq}`, `floor motion ${id} is missing from the bundle`);
}

/**
 * What the minutes say about how each poll was held — its item, round, kind, method, open or
 * secret, threshold, options and configuration — against its `poll.created` entry (`method` and
 * `config` where the entry carries them), and every poll the ledger records is in the bundle —
 * except rehearsals (`rehearsal: true` in `poll.created`), which count nowhere and are never exported.
 */
function checkPollHeads(bundle: Bundle, entries: readonly HashedEntry[], report: Report) {
  const created = new Map(
    entries
      .filter((e) => isEntryOf(e, 'poll.created') && e.payload.rehearsal !== true)
      .map((e) => [String(e.payload.pollId), e]),
  );
  const rehearsals = new Set(
    entries
      .filter((e) => isEntryOf(e, 'poll.created') && e.payload.rehearsal === true)
      .map((e) => String(e.payload.pollId)),
  );
  for (const poll of bundle.polls)
    if (rehearsals.has(poll.id))
      report(
        'evidence.poll_mismatch',
        `poll ${poll.id}`,
        'a rehearsal poll is in the bundle; it counts nowhere',
      );
  for (const poll of bundle.polls) {
    const e = created.get(poll.id);
    if (e === undefined) continue; // poll.not_in_ledger (§10.3)
    created.delete(poll.id);
    const p = e.payload;
    const pairs: [string, CanonicalValue | undefined, CanonicalValue][] = [
      ['agendaItemId', p.itemId, poll.agendaItemId],
      ['itemKind', p.itemKind, poll.itemKind],
      ['kind', p.kind, poll.kind],
      ['round', p.round, poll.round],
      ['secret', p.secret, poll.secret],
      ['threshold', p.threshold, poll.threshold as unknown as CanonicalObject],
      ['options', p.options, poll.options as CanonicalValue[]],
    ];
    if (has(p, 'method')) pairs.push(['method', p.method, poll.method]);
    if (has(p, 'config')) pairs.push(['config', p.config, poll.config]);
    const differ = pairs.filter(([, recorded, stated]) => str(recorded) !== str(stated)).map(([k]) => k);
    if (differ.length > 0)
      report(
        'evidence.poll_mismatch',
        `poll ${poll.id}`,
        `${differ.join(', ')} differ from ledger entry ${e.seq}`,
      );
  }
  for (const e of created.values())
    report(
      'evidence.poll_mismatch',
      `seq ${e.seq}`,
      `poll ${String(e.payload.pollId)} is missing from the bundle`,
    );
}

const ASSEMBLY_FIELDS = ['title', 'form', 'place', 'registeredSeat', 'startsAt', 'chairName', 'statute'];

/**
 * The assembly as the minutes head it (title, form, place, seat, start, chair, statute) against
 * `assembly.created` and every later `assembly.updated`. An older update entry that names the
 * changed fields without their values leaves those fields unbound.
 */
function checkAssembly(bundle: Bundle, entries: readonly HashedEntry[], report: Report) {
  const state = new Map<string, { value: CanonicalValue; seq: number }>();
  for (const e of entries) {
    if (!isEntryOf(e, 'assembly.created') && !isEntryOf(e, 'assembly.updated')) continue;
    for (const k of ASSEMBLY_FIELDS)
      if (has(e.payload, k)) state.set(k, { value: e.payload[k] ?? null, seq: e.seq });
    for (const k of (e.payload.fields ?? []) as string[]) if (!has(e.payload, k)) state.delete(k);
  }
  const a = bundle.assembly as CanonicalObject;
  const differ: string[] = [];
  for (const [k, { value }] of state) {
    const recorded =
      k === 'statute'
        ? ({ ...DEFAULT_STATUTE, ...(value as CanonicalObject) } as unknown as CanonicalObject)
        : value;
    if (str(recorded) !== str(a[k])) differ.push(k);
  }
  if (differ.length > 0)
    report(
      'evidence.assembly_mismatch',
      `assembly ${bundle.assembly.id}`,
      `${differ.join(', ')} differ from the assembly's ledger entries (last ${Math.max(...[...state.values()].map((x) => x.seq))})`,
    );
}

const LIFECYCLE = ['assembly.convened', 'assembly.opened', 'assembly.closed'] as const;
const STATUS_AFTER = ['preparation', 'convened', 'open', 'closed'];
/** Entries that only an open assembly takes (check-ins, polls opened, declarations, objections). */
const OPEN_ONLY = [
  'attendance.chained',
  'attendance.checked_in',
  'attendance.checked_out',
  'poll.opened',
  'poll.declared',
  'objection.recorded',
  'objection.refused',
] as const;

/**
 * The lifecycle (preparation → convened → open → closed): its entries come once each and in this
 * order; the bundle's `status` is the state they lead to, and its `convening` is what
 * `assembly.convened` recorded; once the assembly records an opening, nothing that needs an open
 * assembly (a check-in, a poll opened, a declaration, an objection) lies before the opening or after
 * the close. An assembly written before the lifecycle existed has none of these entries and is
 * judged by its status alone.
 */
function checkLifecycle(bundle: Bundle, entries: readonly HashedEntry[], report: Report) {
  const steps = entries.filter((e) => LIFECYCLE.some((t) => isEntryOf(e, t)));
  steps.forEach((e, i) => {
    if (e.type !== LIFECYCLE[i])
      report(
        'evidence.lifecycle_mismatch',
        `seq ${e.seq}`,
        `${e.type} is step ${i + 1} of the lifecycle; expected ${LIFECYCLE[i] ?? 'nothing after the close'}`,
      );
  });
  const a = bundle.assembly as CanonicalObject;
  const status = STATUS_AFTER[Math.min(steps.length, 3)];
  if (has(a, 'status') && a.status !== status)
    report(
      'evidence.lifecycle_mismatch',
      `assembly ${bundle.assembly.id}`,
      `the bundle states ${String(a.status)}, the ledger's lifecycle entries lead to ${status}`,
    );
  const convened = steps.find((e) => isEntryOf(e, 'assembly.convened'));
  if (has(a, 'convening')) {
    const stated = a.convening as CanonicalObject | null;
    const recorded =
      convened === undefined
        ? null
        : {
            invitedOn: convened.payload.invitedOn ?? null,
            channel: convened.payload.channel ?? null,
            accessDetails: convened.payload.accessDetails ?? null,
            proxyDeadline: convened.payload.proxyDeadline ?? null,
          };
    const compared =
      stated === null
        ? null
        : {
            invitedOn: stated.invitedOn ?? null,
            channel: stated.channel ?? null,
            accessDetails: stated.accessDetails ?? null,
            proxyDeadline: stated.proxyDeadline ?? null,
          };
    if (str(compared) !== str(recorded))
      report(
        'evidence.lifecycle_mismatch',
        `assembly ${bundle.assembly.id}`,
        `the convening stated differs from ledger entry ${convened?.seq ?? '(none)'}`,
      );
  }
  const opened = steps.find((e) => isEntryOf(e, 'assembly.opened'));
  if (opened === undefined) return;
  const closed = steps.find((e) => isEntryOf(e, 'assembly.closed'));
  for (const e of entries) {
    if (!OPEN_ONLY.some((t) => isEntryOf(e, t))) continue;
    if (e.seq < opened.seq || (closed !== undefined && e.seq > closed.seq))
      report(
        'evidence.lifecycle_mismatch',
        `seq ${e.seq}`,
        `${e.type} lies outside the open assembly (opened at ${opened.seq}${closed === undefined ? '' : `, closed at ${closed.seq}`})`,
      );
  }
}
