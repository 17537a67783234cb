import { createHash } from 'node:crypto';
import type { PollLot } from '@plenum/contracts';
import type { CanonicalObject, CanonicalValue } from '@plenum/ledger';
import type {
  BundleBallot,
  BundleDeclaration,
  BundleHallEntry,
  BundleLot,
  BundlePoll,
} from '@plenum/ledger/verify';
import type { Db } from '../../db/types.ts';
import { ledgerBallot } from '../ballots/ballot-leaf.ts';
import { loadRegister } from '../members/members.queries.ts';
import { lotOf } from '../polls/lots.queries.ts';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const byKey =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The register as the bundle states it (SPEC.md §10.2), in member-number order. */
export const loadMembers = loadRegister;

/** Attendance as recorded: every check-in, check-out and refusal with its channel (R27). */
export async function loadAttendance(db: Db, assemblyId: string): Promise<CanonicalObject[]> {
  const rows = await db
    .selectFrom('attendance')
    .selectAll()
    .where('assembly_id', '=', assemblyId)
    // Events still waiting for the chainer are not in this snapshot's ledger: they belong to the
    // next bundle (the export chains what waits just before its snapshot).
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('attendance_unchained')
            .select('attendance_id')
            .whereRef('attendance_unchained.attendance_id', '=', 'attendance.id'),
        ),
      ),
    )
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    memberId: r.member_id,
    event: r.event,
    channel: r.channel,
    actor: r.actor,
    reason: r.reason,
    at: iso(r.at) as string,
  }));
}

/** Proxy events (granted, rejected with reason, revoked) in the order they happened (R6–R9). */
export async function loadProxies(db: Db, assemblyId: string): Promise<CanonicalObject[]> {
  const rows = await db
    .selectFrom('proxies')
    .selectAll()
    .where('assembly_id', '=', assemblyId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    grantId: r.grant_id,
    event: r.event,
    principalId: r.principal_id,
    holderMemberId: r.holder_member_id,
    holderName: r.holder_name,
    form: r.form,
    documentRef: r.document_ref,
    documentHash: r.document_hash,
    reason: r.reason,
    actor: r.actor,
    at: iso(r.at) as string,
  }));
}

export async function loadObjections(db: Db, assemblyId: string): Promise<CanonicalObject[]> {
  const rows = await db
    .selectFrom('objections')
    .selectAll()
    .where('assembly_id', '=', assemblyId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    pollId: r.poll_id,
    memberId: r.member_id,
    memberNumber: r.member_number,
    text: r.text,
    status: r.status,
    reason: r.reason,
    recordedBy: r.recorded_by,
    at: iso(r.at) as string,
  }));
}

export async function loadAgenda(db: Db, assemblyId: string): Promise<CanonicalObject[]> {
  const items = await db
    .selectFrom('agenda_items')
    .selectAll()
    .where('assembly_id', '=', assemblyId)
    .orderBy('position')
    .execute();
  const candidates = await db
    .selectFrom('candidates')
    .innerJoin('agenda_items', 'agenda_items.id', 'candidates.agenda_item_id')
    .innerJoin('members', 'members.id', 'candidates.member_id')
    .select([
      'candidates.agenda_item_id',
      'candidates.id',
      'member_id',
      'candidates.statement',
      'members.given_name',
      'members.family_name',
      'candidates.position',
      'accepted_at',
      'declined_at',
    ])
    .where('agenda_items.assembly_id', '=', assemblyId)
    .orderBy('candidates.position')
    .execute();
  // Hashes are computed from the bytes stored now, so a file changed in the database shows up.
  const documents = await db
    .selectFrom('documents')
    .select(['id', 'agenda_item_id', 'filename', 'content_type', 'content'])
    .where('assembly_id', '=', assemblyId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const photos = await db
    .selectFrom('candidate_photos')
    .innerJoin('candidates', 'candidates.id', 'candidate_photos.candidate_id')
    .innerJoin('agenda_items', 'agenda_items.id', 'candidates.agenda_item_id')
    .select(['candidate_photos.candidate_id', 'candidate_photos.content'])
    .where('agenda_items.assembly_id', '=', assemblyId)
    .execute();
  const photoHash = new Map(photos.map((p) => [p.candidate_id, sha256Hex(p.content)]));
  return items.map((i) => ({
    id: i.id,
    position: i.position,
    kind: i.kind,
    title: i.title,
    body: i.body,
    proposer: i.proposer,
    announcedOn: i.announced_on,
    details: i.details as CanonicalObject,
    candidates: candidates
      .filter((c) => c.agenda_item_id === i.id)
      .map((c) => ({
        memberId: c.member_id,
        name: `${c.given_name} ${c.family_name}`.trim(),
        position: c.position,
        acceptedAt: iso(c.accepted_at),
        declinedAt: iso(c.declined_at),
        statement: c.statement,
        photoSha256: photoHash.get(c.id) ?? null,
      })),
    documents: documents
      .filter((d) => d.agenda_item_id === i.id)
      .map((d) => ({
        id: d.id,
        filename: d.filename,
        contentType: d.content_type,
        size: d.content.length,
        sha256: sha256Hex(d.content),
      })),
  }));
}

/** Every poll of the assembly with its roll, participation, ballots and receipts, in agenda order. */
export async function loadPolls(db: Db, assemblyId: string): Promise<BundlePoll[]> {
  const polls = await db
    .selectFrom('polls')
    .innerJoin('agenda_items', 'agenda_items.id', 'polls.agenda_item_id')
    .selectAll('polls')
    .where('polls.assembly_id', '=', assemblyId)
    // Rehearsals count nowhere: not in the bundle, hence not in the minutes or results.csv.
    .where('polls.rehearsal', '=', false)
    .orderBy('agenda_items.position')
    .orderBy('polls.round')
    .execute();
  const out: BundlePoll[] = [];
  for (const p of polls) out.push({ ...pollHead(p), ...(await pollRecords(db, p.id)) });
  return out;
}

type PollRow = Awaited<ReturnType<typeof loadPollRows>>[number];
function loadPollRows(db: Db) {
  return db.selectFrom('polls').selectAll().execute();
}

function pollHead(p: PollRow) {
  return {
    id: p.id,
    agendaItemId: p.agenda_item_id,
    round: p.round,
    kind: p.kind,
    itemKind: p.item_kind,
    method: p.method,
    secret: p.secret,
    threshold: { num: p.threshold_num, den: p.threshold_den },
    options: p.options as CanonicalValue[],
    config: p.config as CanonicalObject,
    status: p.status,
    openedAt: iso(p.opened_at),
    closedAt: iso(p.closed_at),
    votesAvailable: p.votes_available,
    votesExcluded: p.votes_excluded,
    tally: (p.tally ?? null) as CanonicalObject | null,
  };
}

/**
 * The records of one poll. Secret ballots carry no member and are listed by ballot id (random),
 * never in physical order; receipt hashes are sorted (SPEC.md §6.1, R23).
 */
async function pollRecords(db: Db, pollId: string) {
  const roll = await db.selectFrom('poll_roll').selectAll().where('poll_id', '=', pollId).execute();
  const excluded = await db
    .selectFrom('poll_excluded_persons')
    .select(['person_id', 'reason'])
    .where('poll_id', '=', pollId)
    .execute();
  const participation = await db
    .selectFrom('participation')
    .select(['member_id', 'channel', 'cast_by'])
    .where('poll_id', '=', pollId)
    .execute();
  const ballots = await db
    .selectFrom('ballots')
    .select(['id', 'poll_id', 'member_id', 'weight', 'choice'])
    .where('poll_id', '=', pollId)
    .execute();
  const receipts = await db
    .selectFrom('receipts')
    .select('receipt_hash')
    .where('poll_id', '=', pollId)
    .execute();
  const declarations = await db
    .selectFrom('declarations')
    .selectAll()
    .where('poll_id', '=', pollId)
    .orderBy('at')
    .execute();
  const hall = await db
    .selectFrom('hall_counts')
    .select(['action', 'teller_id', 'teller_name', 'yes', 'no', 'abstain', 'tally', 'at'])
    .where('poll_id', '=', pollId)
    .orderBy('id')
    .execute();
  const lot = await lotOf(db, pollId);
  return {
    roll: roll
      .map((r) => ({ memberId: r.member_id, status: r.status, votes: r.votes, reason: r.reason }))
      .sort(byKey((r) => r.memberId)),
    excluded: excluded
      .map((e) => ({ personId: e.person_id, reason: e.reason }))
      .sort(byKey((e) => `${e.personId} ${e.reason}`)),
    participation: participation
      .map((r) => ({ memberId: r.member_id, channel: r.channel, castBy: r.cast_by }))
      .sort(byKey((r) => r.memberId)),
    ballots: ballots
      .map(
        (b): BundleBallot => ({
          ballotId: b.id,
          choice: ledgerBallot(pollId)({ ...b, memberId: b.member_id }).choice as CanonicalObject,
        }),
      )
      .sort(byKey((b) => b.ballotId)),
    receipts: receipts.map((r) => r.receipt_hash).sort(),
    declarations: declarations.map(declarationOf),
    hallCounts: hall.map(
      (h): BundleHallEntry => ({
        action: h.action,
        tellerId: h.teller_id,
        teller: h.teller_name,
        yes: h.yes,
        no: h.no,
        abstain: h.abstain,
        tally: (h.tally ?? null) as CanonicalObject | null,
        at: iso(h.at) as string,
      }),
    ),
    // R22: the chair's lot as stored (SPEC.md §11); the verifier compares it with its entry.
    lot: lot === null ? null : bundleLot(lot),
  };
}

function bundleLot({ ledgerSeq: _seq, ...lot }: PollLot): BundleLot {
  return lot;
}

function declarationOf(d: {
  id: string;
  corrects_id: string | null;
  text: string;
  result: Record<string, unknown>;
  declared_by: string;
  at: Date;
}): BundleDeclaration {
  return {
    id: d.id,
    correctsId: d.corrects_id,
    text: d.text,
    outcome: String(d.result.outcome ?? ''),
    computed: String(d.result.computed ?? ''),
    deviationReason: (d.result.deviationReason as string | null | undefined) ?? null,
    declaredBy: d.declared_by,
    at: iso(d.at) as string,
  };
}
