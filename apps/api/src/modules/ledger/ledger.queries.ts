import {
  appendEntries,
  type CanonicalObject,
  type HashedEntry,
  type LedgerEventType,
  type NewEntry,
} from '@plenum/ledger';
import { type BundleMember, registerRoot } from '@plenum/ledger/verify';
import { sql } from 'kysely';
import { runPrepared } from '../../db/prepared.ts';
import type { Db, Trx } from '../../db/types.ts';
import { takeUnchainedAttendance, type UnchainedAttendance } from '../attendance/attendance.queries.ts';
import { loadRegister } from '../members/members.queries.ts';

/** A state change to record, at the instant it happened. */
export interface LedgerEvent {
  type: LedgerEventType;
  at: Date;
  assemblyId?: string | undefined;
  payload: CanonicalObject;
}

/**
 * Appends entries to the chain inside the caller's transaction. The head row is locked first, so
 * appenders in any number of processes queue on it and the chain never forks; the lock is held
 * only until the caller commits (ledger SPEC.md §2). Attendance events recorded since the last
 * append go in first, as `attendance.chained` entries: whatever is appended after a check-in
 * committed finds it in the chain before itself.
 */
export async function appendLedger(trx: Trx, events: readonly LedgerEvent[]): Promise<HashedEntry[]> {
  if (events.length === 0) return [];
  const entries = await append(trx, events);
  return entries.slice(entries.length - events.length);
}

/**
 * Moves the attendance events not yet in the ledger into it (the chainer's job, also done by
 * every append). Returns the entries written (none if nothing was waiting).
 */
export async function chainAttendance(trx: Trx): Promise<HashedEntry[]> {
  return append(trx, []);
}

/** At most this many attendance events per `attendance.chained` entry. */
const EVENTS_PER_ENTRY = 1000;

/** One `attendance.chained` entry per assembly and up to EVENTS_PER_ENTRY events, in log order. */
function attendanceEntries(rows: readonly UnchainedAttendance[]): LedgerEvent[] {
  const byAssembly = new Map<string, UnchainedAttendance[]>();
  for (const r of rows) {
    const list = byAssembly.get(r.assemblyId);
    if (list) list.push(r);
    else byAssembly.set(r.assemblyId, [r]);
  }
  const out: LedgerEvent[] = [];
  for (const [assemblyId, list] of byAssembly) {
    for (let i = 0; i < list.length; i += EVENTS_PER_ENTRY) {
      const chunk = list.slice(i, i + EVENTS_PER_ENTRY);
      const at = new Date(Math.max(...chunk.map((r) => r.at.getTime())));
      out.push({
        type: 'attendance.chained',
        at,
        assemblyId,
        payload: {
          events: chunk.map((r) => ({
            memberId: r.memberId,
            event: r.event,
            channel: r.channel,
            reason: r.reason,
            by: r.actor,
            at: r.at.toISOString(),
          })),
        },
      });
    }
  }
  return out;
}

async function append(trx: Trx, events: readonly LedgerEvent[]): Promise<HashedEntry[]> {
  const head = await trx
    .selectFrom('ledger_head')
    .select(['seq', 'hash'])
    .where('id', '=', true)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const all = [...attendanceEntries(await takeUnchainedAttendance(trx)), ...events];
  if (all.length === 0) return [];
  const fresh: NewEntry[] = all.map((e) => ({
    type: e.type,
    at: e.at.toISOString(),
    ...(e.assemblyId === undefined ? {} : { assemblyId: e.assemblyId }),
    payload: e.payload,
  }));
  const { entries, head: next } = appendEntries({ seq: Number(head.seq), hash: head.hash }, fresh);
  await trx
    .insertInto('ledger')
    .values(
      entries.map((e) => ({
        seq: e.seq,
        at: e.at,
        type: e.type,
        assembly_id: e.assemblyId ?? null,
        payload: JSON.stringify(e.payload),
        prev_hash: e.prevHash,
        hash: e.hash,
      })),
    )
    .execute();
  await trx
    .updateTable('ledger_head')
    .set({ seq: next.seq, hash: next.hash })
    .where('id', '=', true)
    .execute();
  return entries;
}

/** The chain as stored, in order, for verification and export. */
export async function readLedger(
  db: Db,
  options: { afterSeq?: number; limit?: number } = {},
): Promise<HashedEntry[]> {
  const rows = await ledgerQuery(db, options.afterSeq ?? 0)
    .$if(options.limit !== undefined, (q) => q.limit(options.limit ?? 0))
    .execute();
  return rows.map(ledgerEntry);
}

/** The statement of `readLedger`, for reading the chain in pages (the streamed export). */
export function ledgerQuery(db: Db, afterSeq = 0) {
  return db
    .selectFrom('ledger')
    .select(['seq', 'at', 'type', 'assembly_id', 'payload', 'prev_hash', 'hash'])
    .where('seq', '>', afterSeq)
    .orderBy('seq');
}

export function ledgerEntry(r: {
  seq: string | number | bigint;
  at: string;
  type: string;
  assembly_id: string | null;
  payload: unknown;
  prev_hash: string;
  hash: string;
}): HashedEntry {
  return {
    seq: Number(r.seq),
    at: r.at,
    type: r.type,
    ...(r.assembly_id === null ? {} : { assemblyId: r.assembly_id }),
    payload: r.payload as CanonicalObject,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export async function readLedgerHead(db: Db): Promise<{ seq: number; hash: string }> {
  const head = await db.selectFrom('ledger_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
  return { seq: Number(head.seq), hash: head.hash };
}

/** Serialises the cast transactions of one poll against its close (shared vs. exclusive). */
export async function lockPollShared(trx: Trx, pollId: string): Promise<void> {
  await runPrepared(
    trx,
    'poll_lock_shared',
    sql`SELECT pg_advisory_xact_lock_shared(hashtext(${pollId}))`.compile(trx),
  );
}

export async function lockPollExclusive(trx: Trx, pollId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${pollId}))`.execute(trx);
}

/**
 * The register as it stands for the entry about to be appended: `{ registerRoot, registerSize }`
 * (ledger SPEC.md §10.2), for every entry that changes the register and every poll.opened. The
 * members table is locked in SHARE mode first: writers that committed before are counted, and no
 * register change can commit until this transaction (and its entry) has; the chain head itself is
 * not held while the root is computed.
 */
export async function registerEvidence(trx: Trx): Promise<{ registerRoot: string; registerSize: number }> {
  await lockRegister(trx);
  return registerEvidenceOf(await loadRegister(trx));
}

/** Holds the register still until commit (SHARE mode: readers pass, writers wait); see above. */
export async function lockRegister(trx: Trx): Promise<void> {
  await sql`LOCK TABLE members IN SHARE MODE`.execute(trx);
}

/** `{ registerRoot, registerSize }` of a register read after {@link lockRegister}. */
export function registerEvidenceOf(members: readonly BundleMember[]): {
  registerRoot: string;
  registerSize: number;
} {
  return { registerRoot: registerRoot(members), registerSize: members.length };
}

/**
 * The chain head right after each declared result of an assembly: the seq and hash of its
 * `poll.declared` entry (what the projector shows and the minutes print per resolution).
 */
export async function declaredHeads(db: Db, assemblyId: string) {
  const rows = await db
    .selectFrom('ledger')
    .select(['seq', 'hash', 'at', 'payload'])
    .where('type', '=', 'poll.declared')
    .where('assembly_id', '=', assemblyId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    pollId: String((r.payload as CanonicalObject).pollId),
    declarationId: String((r.payload as CanonicalObject).declarationId),
    seq: Number(r.seq),
    hash: r.hash,
    at: r.at,
  }));
}
