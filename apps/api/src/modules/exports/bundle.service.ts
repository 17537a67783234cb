import { attendanceListRequired, type ItemKind } from '@plenum/domain';
import type { CanonicalObject, SigningKeyPair } from '@plenum/ledger';
import {
  BUNDLE_FORMAT,
  BUNDLE_SCHEMA_VERSION,
  type Bundle,
  bundleKey,
  signBundle,
} from '@plenum/ledger/verify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { requireAssembly, statuteOf } from '../assemblies/assemblies.service.ts';
import { chainWaitingAttendance } from '../attendance/attendance-chainer.ts';
import { loadFloorMotions } from '../floor-motions/floor-motions.queries.ts';
import { readLedger } from '../ledger/ledger.queries.ts';
import {
  loadAgenda,
  loadAttendance,
  loadMembers,
  loadObjections,
  loadPolls,
  loadProxies,
} from './exports.queries.ts';

/**
 * Builds and signs the export bundle of one assembly (ledger SPEC.md §10).
 * Everything is read in one repeatable-read snapshot, so the ledger, its head and the records
 * agree with each other even while the assembly goes on.
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
      const statute = statuteOf(assembly);
      const members = await loadMembers(trx);
      const agenda = await loadAgenda(trx, assemblyId);
      const attendance = await loadAttendance(trx, assemblyId);
      const proxies = await loadProxies(trx, assemblyId);
      const entries = await readLedger(trx);
      const last = entries[entries.length - 1];
      const annexList = attendanceList(members, attendance, proxies);
      const required = attendanceListRequired(
        statute.multipleVotes.enabled ||
          (statute.investingMembers !== 'no_vote' && members.some((m) => m.investing)),
        agenda.map((i) => ({
          kind: i.kind as ItemKind,
          amendmentClauses: ((i.details as { amendmentClauses?: number[] }).amendmentClauses ??
            []) as number[],
        })),
      );
      return signBundle(key.privateKey, {
        format: BUNDLE_FORMAT,
        schemaVersion: BUNDLE_SCHEMA_VERSION,
        generatedAt: now.toISOString(),
        key: bundleKey(key.publicKey),
        assembly: {
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
          statute: statute as unknown as CanonicalObject,
        },
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

/**
 * R28, §47(3): the attendance list — every member who was present (first channel) and every
 * absent member represented by a present holder's active proxy.
 */
export function attendanceList(
  members: readonly { id: string; memberNumber: string; name: string }[],
  attendance: readonly CanonicalObject[],
  proxies: readonly CanonicalObject[],
): CanonicalObject[] {
  const present = new Map<string, { channel: string; at: string }>();
  for (const a of attendance) {
    if (a.event === 'check_in' && !present.has(String(a.memberId)))
      present.set(String(a.memberId), { channel: String(a.channel), at: String(a.at) });
  }
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
  const out: CanonicalObject[] = [];
  for (const m of members) {
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
  }
  return out;
}
