import { type ProxyGrant, revokeProxy, validateProxyGrant } from '@plenum/domain';
import { randomUuid } from '../../ids.ts';
import { getLockedAssembly } from '../assemblies/assemblies.queries.ts';
import { requireAssembly, statuteOf } from '../assemblies/assemblies.service.ts';
import { assertAssemblyPermits, assertPermitted } from '../assemblies/assembly-state.ts';
import { type Actor, actorLabel, type ServiceContext } from '../context.ts';
import { appendLedger } from '../ledger/ledger.queries.ts';
import { loadDomainMembers } from '../members/members.queries.ts';
import { Refusal, refuse } from '../refusal.ts';
import { activeGrants, findGrantEvent, insertProxyEvent } from './proxies.queries.ts';

export interface GrantProxyInput {
  principalId: string;
  /** A member holder; or a non-member named in `holderName` where the statute allows (C3). */
  holderMemberId?: string | null;
  holderName?: string | null;
  relationToPrincipal?: 'spouse' | 'relative' | null;
  professional?: boolean;
  form: 'text' | 'written';
  documentRef?: string | null;
  /** sha256 of the stored proxy document (R6). */
  documentHash: string;
  /** R8: a proxy cannot be limited to items; a limited one is refused, never silently widened. */
  scope?: 'all_items' | { itemIds: string[] };
}

/**
 * Registers a proxy (R6–R9). Proxy changes in one assembly are serialised on the assembly row, so
 * two desks can never together push a holder past the cap (R7). A refusal is recorded with its
 * reason (R8) and then reported as an error.
 */
export async function grantProxy(
  ctx: ServiceContext,
  assemblyId: string,
  input: GrantProxyInput,
  actor: Actor,
) {
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    await requireAssembly(trx, assemblyId);
    const assembly = await getLockedAssembly(trx, assemblyId);
    // Lifecycle: proxies are registered once the assembly is convened, until it closes.
    assertPermitted(assembly.status, 'proxy');
    const statute = statuteOf(assembly);
    const ids = [input.principalId, ...(input.holderMemberId ? [input.holderMemberId] : [])];
    const members = await loadDomainMembers(trx, ids);
    const principal = members.find((m) => m.id === input.principalId);
    const holderMember = input.holderMemberId
      ? members.find((m) => m.id === input.holderMemberId)
      : undefined;
    if (!principal) {
      throw new Refusal('proxy.principal_not_found', 'The principal is not on the register.', {
        principalId: input.principalId,
      });
    }
    if (input.holderMemberId && !holderMember) {
      throw new Refusal('proxy.holder_not_found', 'The proxy holder is not on the register.');
    }
    if (!input.holderMemberId && !input.holderName?.trim()) {
      throw new Refusal('request.invalid', 'Name the proxy holder: a member, or a person by name.');
    }
    const now = ctx.clock.now();
    const grant: ProxyGrant = {
      id: randomUuid(ctx.random),
      principalId: input.principalId,
      holder: {
        id: input.holderMemberId ?? `external:${input.holderName?.trim() ?? ''}`,
        isMember: Boolean(input.holderMemberId),
        relationToPrincipal: input.relationToPrincipal ?? null,
        professional: input.professional ?? false,
      },
      form: input.form,
      documentHash: input.documentHash,
      scope: input.scope ?? 'all_items',
      grantedAt: now.toISOString(),
    };
    const verdict = validateProxyGrant(grant, {
      principal,
      holderMember,
      grants: await activeGrants(trx, assemblyId),
      statute,
      now: now.toISOString(),
      // C3: the deadline for proxies the invitation set, if any.
      ...(assembly.proxy_deadline === null
        ? {}
        : { deadline: new Date(assembly.proxy_deadline).toISOString() }),
    });
    const reason = verdict.ok ? null : verdict.reason;
    await insertProxyEvent(trx, {
      assemblyId,
      grantId: grant.id,
      event: verdict.ok ? 'granted' : 'rejected',
      principalId: input.principalId,
      holderMemberId: input.holderMemberId ?? null,
      holderName: input.holderName?.trim() || null,
      form: input.form,
      documentRef: input.documentRef ?? null,
      documentHash: input.documentHash || null,
      reason,
      actor: actorLabel(actor),
      at: now,
    });
    await appendLedger(trx, [
      {
        type: verdict.ok ? 'proxy.granted' : 'proxy.rejected',
        at: now,
        assemblyId,
        payload: {
          grantId: grant.id,
          principalId: input.principalId,
          holder: grant.holder.id,
          holderMemberId: input.holderMemberId ?? null,
          holderName: input.holderName?.trim() || null,
          form: input.form,
          documentRef: input.documentRef ?? null,
          documentHash: input.documentHash,
          reason,
          by: actorLabel(actor),
        },
      },
    ]);
    return { grant, verdict };
  });
  if (!outcome.verdict.ok) {
    const { reason, message, details } = outcome.verdict;
    throw new Refusal(reason, message, { ...details, grantId: outcome.grant.id, recorded: true });
  }
  ctx.afterCommit?.({ type: 'proxies.changed', assemblyId });
  return {
    id: outcome.grant.id,
    principalId: input.principalId,
    holder: outcome.grant.holder.id,
    status: 'granted' as const,
  };
}

/** Ends a proxy: withdrawn by the principal or renounced by the holder (as recorded by the desk). */
export async function revokeGrant(
  ctx: ServiceContext,
  assemblyId: string,
  grantId: string,
  by: 'principal' | 'holder',
  actor: Actor,
) {
  await ctx.db.transaction().execute(async (trx) => {
    await assertAssemblyPermits(trx, assemblyId, 'proxy', 'update');
    const first = await findGrantEvent(trx, assemblyId, grantId);
    if (!first) throw new Refusal('proxy.not_found', 'No proxy grant with this id.', { grantId });
    const [grant] = await activeGrants(trx, assemblyId, { principalIds: [first.principal_id] }).then((gs) =>
      gs.filter((g) => g.id === grantId),
    );
    const now = ctx.clock.now();
    const byPersonId =
      by === 'principal' ? first.principal_id : (first.holder_member_id ?? `external:${first.holder_name}`);
    const revoked = grant
      ? revokeProxy(grant, { grantId, byPersonId, at: now.toISOString() })
      : ({ ok: false, reason: 'proxy.already_revoked', message: 'The proxy was already revoked.' } as const);
    if (!revoked.ok) throw refuse(revoked);
    await insertProxyEvent(trx, {
      assemblyId,
      grantId,
      event: 'revoked',
      principalId: first.principal_id,
      holderMemberId: first.holder_member_id,
      holderName: first.holder_name,
      form: first.form,
      documentRef: first.document_ref,
      documentHash: first.document_hash,
      reason: by === 'principal' ? 'withdrawn_by_principal' : 'renounced_by_holder',
      actor: actorLabel(actor),
      at: now,
    });
    await appendLedger(trx, [
      { type: 'proxy.revoked', at: now, assemblyId, payload: { grantId, by, actor: actorLabel(actor) } },
    ]);
  });
  ctx.afterCommit?.({ type: 'proxies.changed', assemblyId });
  return { id: grantId, status: 'revoked' as const };
}
