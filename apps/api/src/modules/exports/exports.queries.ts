import { createHash } from 'node:crypto';
import type { PollLot } from '@plenum/contracts';
import type { CanonicalObject, CanonicalValue } from '@plenum/ledger';
import type {
  BundleBallot,
  BundleDeclaration,
  BundleHallEntry,
  BundleLot,
  BundlePoll,
  ParticipationEntry,
  RollEntry,
} from '@plenum/ledger/verify';
import { sql } from 'kysely';
import type { Db } from '../../db/types.ts';
import { ledgerBallot } from '../ballots/ballot-leaf.ts';
import { loadRegister } from '../members/members.queries.ts';
import { lotOf } from '../polls/lots.queries.ts';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const byKey =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** The row type of a query-builder function's statement. */
type RowOf<F extends (...args: never[]) => { execute(): Promise<unknown[]> }> = Awaited<
  ReturnType<ReturnType<F>['execute']>
>[number];

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The register as the bundle states it (SPEC.md §10.2), in member-number order. */
export const loadMembers = loadRegister;

/** Attendance as recorded: every check-in, check-out and refusal with its channel (R27). */
export async function loadAttendance(db: Db, assemblyId: string): Promise<CanonicalObject[]> {
  return (await attendanceQuery(db, assemblyId).execute()).map(attendanceRow);
}

/** The statement of `loadAttendance`, for reading it in pages (the streamed export). */
export function attendanceQuery(db: Db, assemblyId: string) {
  return (
    db
      .selectFrom('attendance')
      .select(['id', 'member_id', 'event', 'channel', 'actor', 'reason', 'at'])
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
  );
}

export function attendanceRow(r: RowOf<typeof attendanceQuery>): CanonicalObject {
  return {
    memberId: r.member_id,
    event: r.event,
    channel: r.channel,
    actor: r.actor,
    reason: r.reason,
    at: iso(r.at) as string,
  };
}

/** Proxy events (granted, rejected with reason, revoked) in the order they happened (R6–R9). */
export async function loadProxies(db: Db, assemblyId: string): Promise<CanonicalObject[]> {
  return (await proxiesQuery(db, assemblyId).execute()).map(proxyRow);
}

/** The statement of `loadProxies`, for reading it in pages (the streamed export). */
export function proxiesQuery(db: Db, assemblyId: string) {
  return db.selectFrom('proxies').selectAll().where('assembly_id', '=', assemblyId).orderBy('id');
}

export function proxyRow(r: RowOf<typeof proxiesQuery>): CanonicalObject {
  return {
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
  };
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
  const out: BundlePoll[] = [];
  for (const p of await loadPollHeads(db, assemblyId)) {
    const roll = await rollQuery(db, p.id).execute();
    const participation = await participationQuery(db, p.id).execute();
    const ballots = await ballotsQuery(db, p.id).execute();
    const receipts = await receiptsQuery(db, p.id).execute();
    out.push({
      ...p,
      ...(await pollSmallRecords(db, p.id)),
      roll: roll.map(rollRow).sort(byKey((r) => r.memberId)),
      participation: participation.map(participationRow).sort(byKey((r) => r.memberId)),
      ballots: ballots.map(ballotRow(p.id)).sort(byKey((b) => b.ballotId)),
      receipts: receipts.map(receiptRow).sort(),
    });
  }
  return out;
}

/** A poll as the bundle states it, without the records that grow with the register. */
export type PollHead = ReturnType<typeof pollHead>;

/** The polls of the assembly in agenda order, rehearsals left out. */
export async function loadPollHeads(db: Db, assemblyId: string): Promise<PollHead[]> {
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
  return polls.map(pollHead);
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

/*
 * The records of one poll that grow with the register, each in the order the bundle lists them
 * (SPEC.md §10.2). Secret ballots carry no member and are listed by ballot id (random), never in
 * physical order; receipt hashes are sorted (SPEC.md §6.1, R23). A uuid orders as its lowercase
 * text does, and the receipts in byte order ("C"), so the streamed export, which reads these
 * statements in pages, lists them exactly as `loadPolls` sorts them.
 */
export function rollQuery(db: Db, pollId: string) {
  return db
    .selectFrom('poll_roll')
    .select(['member_id', 'status', 'votes', 'reason'])
    .where('poll_id', '=', pollId)
    .orderBy('member_id');
}

export function rollRow(r: RowOf<typeof rollQuery>): RollEntry {
  return { memberId: r.member_id, status: r.status, votes: r.votes, reason: r.reason };
}

export function participationQuery(db: Db, pollId: string) {
  return db
    .selectFrom('participation')
    .select(['member_id', 'channel', 'cast_by'])
    .where('poll_id', '=', pollId)
    .orderBy('member_id');
}

export function participationRow(r: RowOf<typeof participationQuery>): ParticipationEntry {
  return { memberId: r.member_id, channel: r.channel, castBy: r.cast_by };
}

export function ballotsQuery(db: Db, pollId: string) {
  return db
    .selectFrom('ballots')
    .select(['id', 'poll_id', 'member_id', 'weight', 'choice'])
    .where('poll_id', '=', pollId)
    .orderBy('id');
}

export function ballotRow(pollId: string): (b: RowOf<typeof ballotsQuery>) => BundleBallot {
  const leaf = ledgerBallot(pollId);
  return (b) => ({ ballotId: b.id, choice: leaf({ ...b, memberId: b.member_id }).choice as CanonicalObject });
}

export function receiptsQuery(db: Db, pollId: string) {
  return db
    .selectFrom('receipts')
    .select('receipt_hash')
    .where('poll_id', '=', pollId)
    .orderBy(sql`receipt_hash COLLATE "C"`);
}

export function receiptRow(r: RowOf<typeof receiptsQuery>): string {
  return r.receipt_hash;
}

/** The records of one poll that do not grow with the register. */
export async function pollSmallRecords(db: Db, pollId: string) {
  const excluded = await db
    .selectFrom('poll_excluded_persons')
    .select(['person_id', 'reason'])
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
    excluded: excluded
      .map((e) => ({ personId: e.person_id, reason: e.reason }))
      .sort(byKey((e) => `${e.personId} ${e.reason}`)),
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
