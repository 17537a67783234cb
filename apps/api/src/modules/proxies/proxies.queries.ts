import type { ProxyGrant } from '@plenum/domain';
import type { ProxiesTable } from '../../db/schema.ts';
import type { Db } from '../../db/types.ts';

/**
 * The grants on file in an assembly as the domain sees them, rebuilt from the append-only event
 * rows: a grant is active until a revocation row for it follows. Rejected submissions are not grants.
 */
export async function activeGrants(
  db: Db,
  assemblyId: string,
  filter: { principalIds?: readonly string[]; holderId?: string } = {},
): Promise<ProxyGrant[]> {
  const rows = await db
    .selectFrom('proxies')
    .distinctOn('grant_id')
    .select([
      'grant_id',
      'event',
      'principal_id',
      'holder_member_id',
      'holder_name',
      'form',
      'document_hash',
      'at',
    ])
    .where('assembly_id', '=', assemblyId)
    .where('event', 'in', ['granted', 'revoked'])
    .$if(filter.principalIds !== undefined, (q) => q.where('principal_id', 'in', filter.principalIds ?? []))
    .$if(filter.holderId !== undefined, (q) => q.where('holder_member_id', '=', filter.holderId ?? ''))
    .orderBy('grant_id')
    .orderBy('id', 'desc')
    .execute();
  return rows
    .filter((r) => r.event === 'granted')
    .map((r) => ({
      id: r.grant_id,
      principalId: r.principal_id,
      holder: {
        id: r.holder_member_id ?? `external:${r.holder_name ?? ''}`,
        isMember: r.holder_member_id !== null,
      },
      form: r.form,
      documentHash: r.document_hash ?? '',
      scope: 'all_items' as const,
      grantedAt: new Date(r.at).toISOString(),
    }));
}

/** Every grant with its current status, rejected submissions included (R8: with their reason). */
export async function listProxies(db: Db, assemblyId: string) {
  const rows = await db
    .selectFrom('proxies')
    .innerJoin('members as principal', 'principal.id', 'proxies.principal_id')
    .leftJoin('members as holder', 'holder.id', 'proxies.holder_member_id')
    .distinctOn('proxies.grant_id')
    .select([
      'proxies.grant_id',
      'proxies.event',
      'proxies.principal_id',
      'proxies.holder_member_id',
      'proxies.holder_name',
      'proxies.form',
      'proxies.reason',
      'proxies.at',
      'principal.given_name as p_given',
      'principal.family_name as p_family',
      'principal.member_number as p_number',
      'holder.member_number as h_number',
      'holder.given_name as h_given',
      'holder.family_name as h_family',
    ])
    .where('proxies.assembly_id', '=', assemblyId)
    .orderBy('proxies.grant_id')
    .orderBy('proxies.id', 'desc')
    .execute();
  return rows
    .map((r) => ({
      id: r.grant_id,
      principalId: r.principal_id,
      principalName: `${r.p_given} ${r.p_family}`.trim(),
      principalNumber: r.p_number,
      holderMemberId: r.holder_member_id,
      holderNumber: r.h_number ?? null,
      holderName: r.holder_member_id
        ? `${r.h_given ?? ''} ${r.h_family ?? ''}`.trim()
        : (r.holder_name ?? ''),
      form: r.form,
      status: (r.event === 'granted' ? 'active' : r.event) as 'active' | 'revoked' | 'rejected',
      reason: r.reason,
      at: new Date(r.at).toISOString(),
    }))
    .sort((a, b) => a.principalNumber.localeCompare(b.principalNumber, 'de', { numeric: true }));
}

/** One row of the append-only proxy log: a grant, a refused submission or a revocation. */
export interface ProxyEvent {
  assemblyId: string;
  grantId: string;
  event: ProxiesTable['event'];
  principalId: string;
  holderMemberId: string | null;
  holderName: string | null;
  form: ProxiesTable['form'];
  documentRef: string | null;
  documentHash: string | null;
  reason: string | null;
  actor: string;
  at: Date;
}

/** Appends an event to the proxy log. */
export async function insertProxyEvent(db: Db, e: ProxyEvent): Promise<void> {
  await db
    .insertInto('proxies')
    .values({
      assembly_id: e.assemblyId,
      grant_id: e.grantId,
      event: e.event,
      principal_id: e.principalId,
      holder_member_id: e.holderMemberId,
      holder_name: e.holderName,
      form: e.form,
      document_ref: e.documentRef,
      document_hash: e.documentHash,
      reason: e.reason,
      actor: e.actor,
      at: e.at,
    })
    .execute();
}

/** The row that granted a proxy in an assembly, if the grant exists. */
export async function findGrantEvent(db: Db, assemblyId: string, grantId: string) {
  return db
    .selectFrom('proxies')
    .select([
      'id',
      'assembly_id',
      'grant_id',
      'event',
      'principal_id',
      'holder_member_id',
      'holder_name',
      'form',
      'document_ref',
      'document_hash',
      'reason',
      'actor',
      'at',
    ])
    .where('assembly_id', '=', assemblyId)
    .where('grant_id', '=', grantId)
    .where('event', '=', 'granted')
    .executeTakeFirst();
}
