import { createHash } from 'node:crypto';
import { attendanceListRequired, type ItemKind } from '@plenum/domain';
import {
  type CanonicalObject,
  type CanonicalValue,
  canonicalString,
  type SigningKeyPair,
  signBytes,
} from '@plenum/ledger';
import {
  BUNDLE_FORMAT,
  BUNDLE_SCHEMA_VERSION,
  type Bundle,
  type BundleMember,
  bundleDigestMessage,
  bundleKey,
  signBundle,
  type UnsignedBundle,
} from '@plenum/ledger/verify';
import type { Compilable, Kysely } from 'kysely';
import { cursorPages } from '../../db/cursor.ts';
import type { DB } from '../../db/schema.ts';
import { requireAssembly, statuteOf } from '../assemblies/assemblies.service.ts';
import { chainWaitingAttendance } from '../attendance/attendance-chainer.ts';
import { loadFloorMotions } from '../floor-motions/floor-motions.queries.ts';
import { ledgerEntry, ledgerQuery, readLedger } from '../ledger/ledger.queries.ts';
import { bundleMember, registerQuery } from '../members/members.queries.ts';
import {
  attendanceQuery,
  attendanceRow,
  ballotRow,
  ballotsQuery,
  loadAgenda,
  loadAttendance,
  loadMembers,
  loadObjections,
  loadPollHeads,
  loadPolls,
  loadProxies,
  participationQuery,
  participationRow,
  pollSmallRecords,
  receiptRow,
  receiptsQuery,
  rollQuery,
  rollRow,
} from './exports.queries.ts';

type AssemblyRow = Awaited<ReturnType<typeof requireAssembly>>;

/** The `assembly` member of the bundle, with the resolved statute. */
function assemblyPart(assembly: AssemblyRow): Bundle['assembly'] {
  return {
    id: assembly.id,
    title: assembly.title,
    form: assembly.form,
    place: assembly.place,
    registeredSeat: assembly.registered_seat,
    startsAt: new Date(assembly.starts_at).toISOString(),
    chairName: assembly.chair_name,
    status: assembly.status,
    // R16: when and how it was convened (null in preparation), as assembly.convened recorded.
    convening:
      assembly.invited_on === null
        ? null
        : {
            invitedOn: assembly.invited_on,
            channel: assembly.notice_channel,
            accessDetails: assembly.access_details,
            proxyDeadline:
              assembly.proxy_deadline === null ? null : new Date(assembly.proxy_deadline).toISOString(),
          },
    statute: statuteOf(assembly) as unknown as CanonicalObject,
  };
}

/** R28: whether the minutes need the attendance list (multiple votes, investing members, …). */
function listRequired(assembly: AssemblyRow, agenda: readonly CanonicalObject[], anyInvesting: boolean) {
  const statute = statuteOf(assembly);
  return attendanceListRequired(
    statute.multipleVotes.enabled || (statute.investingMembers !== 'no_vote' && anyInvesting),
    agenda.map((i) => ({
      kind: i.kind as ItemKind,
      amendmentClauses: ((i.details as { amendmentClauses?: number[] }).amendmentClauses ?? []) as number[],
    })),
  );
}

/**
 * Builds and signs the export bundle of one assembly (ledger SPEC.md §10) in memory, for the
 * minutes and the CSV files. Everything is read in one repeatable-read snapshot, so the ledger,
 * its head and the records agree with each other even while the assembly goes on. The download
 * is `streamBundle`, which writes the same bytes without holding them.
 */
export async function buildBundle(
  db: Kysely<DB>,
  assemblyId: string,
  key: SigningKeyPair,
  now: Date,
): Promise<Bundle> {
  // Check-ins acknowledged up to now go into the ledger first; one that commits meanwhile stays
  // out of both the attendance and the ledger of this snapshot (loadAttendance).
  await chainWaitingAttendance(db);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const assembly = await requireAssembly(trx, assemblyId);
      const members = await loadMembers(trx);
      const agenda = await loadAgenda(trx, assemblyId);
      const attendance = await loadAttendance(trx, assemblyId);
      const proxies = await loadProxies(trx, assemblyId);
      const entries = await readLedger(trx);
      const last = entries[entries.length - 1];
      const annexList = attendanceList(members, attendance, proxies);
      const required = listRequired(
        assembly,
        agenda,
        members.some((m) => m.investing),
      );
      return signBundle(key.privateKey, {
        format: BUNDLE_FORMAT,
        schemaVersion: BUNDLE_SCHEMA_VERSION,
        generatedAt: now.toISOString(),
        key: bundleKey(key.publicKey),
        assembly: assemblyPart(assembly),
        members,
        agenda,
        attendance,
        proxies,
        polls: await loadPolls(trx, assemblyId),
        objections: await loadObjections(trx, assemblyId),
        floorMotions: await loadFloorMotions(trx, assemblyId),
        annexes: { attendanceListRequired: required, attendanceList: annexList },
        ledger: { head: { seq: last?.seq ?? 0, hash: last?.hash ?? '0'.repeat(64) }, entries },
      });
    });
}

/** Where `streamBundle` writes: resolves when the next chunk may be written (back-pressure). */
export type BundleSink = (chunk: Buffer) => Promise<void>;

/**
 * The export bundle as a stream (SPEC.md §10): the same bytes as `canonical(buildBundle(…))`, in
 * canonical order, written to `sink` in chunks while they are hashed, and the signature over the
 * digest appended last (`signature` is the last member in canonical order). The rows that grow
 * with the register — members, attendance, the ledger, and each poll's roll, participation,
 * ballots and receipts — are read through cursors in pages of `batch` rows, so the server holds
 * a page and one map of who was present, never the bundle. One repeatable-read snapshot, as in
 * `buildBundle`. Throws (and writes nothing) when the assembly does not exist.
 */
export async function streamBundle(
  db: Kysely<DB>,
  assemblyId: string,
  key: SigningKeyPair,
  now: Date,
  sink: BundleSink,
  batch = 2_000,
): Promise<void> {
  await chainWaitingAttendance(db);
  await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      // Refused (assembly.not_found) before anything is written.
      const assembly = await requireAssembly(trx, assemblyId);
      const agenda = await loadAgenda(trx, assemblyId);
      const proxies = await loadProxies(trx, assemblyId);
      const w = new BundleWriter(sink);
      /** The rows of a statement, page by page through a cursor, each mapped as the bundle states it. */
      async function* rowsOf<R, T>(query: Compilable<R>, map: (row: R) => T): AsyncGenerator<T> {
        for await (const page of cursorPages(trx, query, batch)) for (const row of page) yield map(row);
      }
      const rows =
        <R>(query: Compilable<R>, map: (row: R) => CanonicalValue): Part =>
        () =>
          w.list(rowsOf(query, map));
      // R28: who was present (first check-in) and who was represented, in register order; the
      // attendance list comes before the register in canonical order, so it is read twice.
      let anyInvesting = false;
      async function* attendanceListLines(): AsyncGenerator<CanonicalObject> {
        const present = new Map<string, { channel: string; at: string }>();
        for await (const a of rowsOf(attendanceQuery(trx, assemblyId), (r) => r))
          if (a.event === 'check_in' && !present.has(a.member_id)) {
            const { channel, at } = attendanceRow(a);
            present.set(a.member_id, { channel: String(channel), at: String(at) });
          }
        const represented = representedBy(present, proxies);
        for await (const m of rowsOf(registerQuery(trx), bundleMember)) {
          anyInvesting ||= m.investing;
          yield* listLines(m, present, represented);
        }
      }
      let head = { seq: 0, hash: '0'.repeat(64) };
      const unsigned: Record<keyof UnsignedBundle, Part> = {
        format: BUNDLE_FORMAT,
        schemaVersion: BUNDLE_SCHEMA_VERSION,
        generatedAt: now.toISOString(),
        key: bundleKey(key.publicKey),
        assembly: assemblyPart(assembly),
        members: rows(registerQuery(trx), bundleMember),
        agenda,
        attendance: rows(attendanceQuery(trx, assemblyId), attendanceRow),
        proxies,
        polls: async () =>
          w.list(await loadPollHeads(trx, assemblyId), async (poll) =>
            w.object({
              ...poll,
              ...(await pollSmallRecords(trx, poll.id)),
              roll: rows(rollQuery(trx, poll.id), rollRow),
              participation: rows(participationQuery(trx, poll.id), participationRow),
              ballots: rows(ballotsQuery(trx, poll.id), ballotRow(poll.id)),
              receipts: rows(receiptsQuery(trx, poll.id), receiptRow),
            }),
          ),
        objections: await loadObjections(trx, assemblyId),
        floorMotions: await loadFloorMotions(trx, assemblyId),
        // Members in canonical order: each function runs after the ones before it.
        annexes: () =>
          w.object({
            attendanceList: () => w.list(attendanceListLines()),
            attendanceListRequired: () => w.text(String(listRequired(assembly, agenda, anyInvesting))),
          }),
        ledger: () =>
          w.object({
            entries: () =>
              w.list(
                rowsOf(ledgerQuery(trx), (row) => {
                  const entry = ledgerEntry(row);
                  head = { seq: entry.seq, hash: entry.hash };
                  return entry;
                }),
              ),
            head: () => w.text(canonicalString(head)),
          }),
      };
      await w.text('{');
      await w.members(unsigned);
      // The signed bytes end with the bundle's closing brace; the file goes on with the signature.
      const digest = await w.end('}');
      const signature = signBytes(key.privateKey, bundleDigestMessage(digest));
      await sink(Buffer.from(`,${canonicalString('signature')}:${canonicalString(signature)}}\n`, 'utf8'));
    });
}

/** A member of the streamed bundle: a value, or a function that writes it. */
type Part = CanonicalValue | undefined | (() => Promise<void>);

/** Collects the text in chunks of about 64 KiB, hashes them and hands them to the sink. */
class BundleWriter {
  private pending = '';
  private readonly hash = createHash('sha256');

  constructor(private readonly sink: BundleSink) {}

  async text(text: string): Promise<void> {
    this.pending += text;
    if (this.pending.length >= 1 << 16) await this.flush();
  }

  /** The members of an object in canonical order, without its braces. */
  async members(parts: Readonly<Record<string, Part>>): Promise<void> {
    const keys = Object.keys(parts)
      .filter((k) => parts[k] !== undefined)
      .sort();
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const part = parts[key];
      await this.text(`${i === 0 ? '' : ','}${canonicalString(key)}:`);
      if (typeof part === 'function') await part();
      else await this.text(canonicalString(part));
    }
  }

  /** `[a,b,…]`: each item canonical, or written by `write`. */
  async list<T>(items: AsyncIterable<T> | Iterable<T>, write?: (item: T) => Promise<void>): Promise<void> {
    await this.text('[');
    let first = true;
    for await (const item of items) {
      const comma = first ? '' : ',';
      first = false;
      if (write === undefined) await this.text(comma + canonicalString(item));
      else {
        await this.text(comma);
        await write(item);
      }
    }
    await this.text(']');
  }

  async object(parts: Readonly<Record<string, Part>>): Promise<void> {
    await this.text('{');
    await this.members(parts);
    await this.text('}');
  }

  /**
   * Sends what is pending and returns the digest of everything written followed by `signedEnd`,
   * which is hashed but not sent: the signed bytes close the bundle, the file goes on instead.
   */
  async end(signedEnd: string): Promise<string> {
    await this.flush();
    return this.hash.update(signedEnd, 'utf8').digest('hex');
  }

  private async flush(): Promise<void> {
    if (this.pending === '') return;
    const chunk = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    this.hash.update(chunk);
    await this.sink(chunk);
  }
}

/**
 * R28, §47(3): the attendance list — every member who was present (first channel) and every
 * absent member represented by a present holder's active proxy.
 */
export function attendanceList(
  members: readonly BundleMember[],
  attendance: readonly CanonicalObject[],
  proxies: readonly CanonicalObject[],
): CanonicalObject[] {
  const present = new Map<string, { channel: string; at: string }>();
  for (const a of attendance) {
    if (a.event === 'check_in' && !present.has(String(a.memberId)))
      present.set(String(a.memberId), { channel: String(a.channel), at: String(a.at) });
  }
  const represented = representedBy(present, proxies);
  return members.flatMap((m) => listLines(m, present, represented));
}

/** Absent members represented by a present holder's proxy that was still granted: principal → holder. */
function representedBy(
  present: ReadonlyMap<string, unknown>,
  proxies: readonly CanonicalObject[],
): Map<string, string> {
  const grants = new Map<string, CanonicalObject>();
  for (const p of proxies) grants.set(String(p.grantId), p);
  const represented = new Map<string, string>();
  for (const g of grants.values()) {
    const holder = g.holderMemberId as string | null;
    if (
      g.event === 'granted' &&
      holder !== null &&
      present.has(holder) &&
      !present.has(String(g.principalId))
    )
      represented.set(String(g.principalId), holder);
  }
  return represented;
}

/** A member's lines of the attendance list: present (first channel), represented, or none. */
function listLines(
  m: BundleMember,
  present: ReadonlyMap<string, { channel: string; at: string }>,
  represented: ReadonlyMap<string, string>,
): CanonicalObject[] {
  const out: CanonicalObject[] = [];
  const p = present.get(m.id);
  if (p !== undefined)
    out.push({
      memberId: m.id,
      memberNumber: m.memberNumber,
      name: m.name,
      presence: p.channel,
      via: null,
      at: p.at,
    });
  const holder = represented.get(m.id);
  if (holder !== undefined)
    out.push({
      memberId: m.id,
      memberNumber: m.memberNumber,
      name: m.name,
      presence: 'proxy',
      via: holder,
      at: null,
    });
  return out;
}
