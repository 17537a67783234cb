/**
 * Proxies (R6–R9, §43(5) GenG): validation of a grant and of a revocation. A grant is refused
 * only for a legal or statutory reason, each with its code (R8).
 */
import type { MemberId, PersonId } from './board.ts';
import { compareInstants, type Instant } from './dates.ts';
import { type Failure, fail, ok, type Result } from './result.ts';
import { evaluateEligibility, type Member } from './roll.ts';
import type { StatuteConfig } from './statute.ts';

/** Who is to hold the proxy. A member holder's `id` is their member id. */
export interface ProxyHolder {
  readonly id: PersonId;
  readonly isMember: boolean;
  /** C3: spouse or relative of the principal, where the statute allows such holders. */
  readonly relationToPrincipal?: 'spouse' | 'relative' | null;
  /** R9: acts as a professional proxy (e.g. a paid service). */
  readonly professional?: boolean;
}

/** A proxy grant as submitted. */
export interface ProxyGrant {
  readonly id: string;
  readonly principalId: MemberId;
  readonly holder: ProxyHolder;
  /** R6: text form (e-mail ok) or written form (signed original). */
  readonly form: 'text' | 'written';
  /** R6: hash of the stored document. */
  readonly documentHash: string;
  /** R8: must be 'all_items'; an item-limited grant is refused, not silently widened. */
  readonly scope: 'all_items' | { readonly itemIds: readonly string[] };
  readonly grantedAt: Instant;
  /** Set once revoked. */
  readonly revokedAt?: Instant;
}

/** What validation needs to know besides the grant. */
export interface ProxyContext {
  readonly principal: Member | undefined;
  /** The holder's member record when the holder is a member. */
  readonly holderMember?: Member | undefined;
  /** All grants currently on file (revoked ones are ignored). */
  readonly grants: readonly ProxyGrant[];
  readonly statute: StatuteConfig;
  readonly now: Instant;
  /** C3: submission deadline, if the statute or the notice sets one. */
  readonly deadline?: Instant;
}

/** True if the grant has not been revoked. */
export function isActiveGrant(grant: ProxyGrant): boolean {
  return grant.revokedAt === undefined;
}

type Check = (grant: ProxyGrant, ctx: ProxyContext) => Failure | null;

const checkForm: Check = (grant, ctx) => {
  if (grant.principalId === grant.holder.id)
    return fail('proxy.self_grant', 'A member cannot hold their own proxy.');
  if (ctx.deadline !== undefined && compareInstants(ctx.now, ctx.deadline) > 0) {
    return fail('proxy.deadline_passed', 'The proxy was submitted after the deadline.', {
      deadline: ctx.deadline,
    });
  }
  if (grant.documentHash.trim() === '')
    return fail('proxy.document_missing', 'The proxy document must be stored (R6).');
  if (ctx.statute.proxies.form === 'written' && grant.form !== 'written') {
    return fail('proxy.form_insufficient', 'The statute requires a signed written proxy (§43(5)).', {
      required: 'written',
    });
  }
  if (grant.scope !== 'all_items') {
    return fail('proxy.limited_to_items', 'A proxy cannot be limited to particular items (R8).');
  }
  return null;
};

const checkParties: Check = (grant, ctx) => {
  const principal = ctx.principal;
  if (
    principal === undefined ||
    !evaluateEligibility(principal, { kind: 'motion' }, ctx.now, ctx.statute).eligible
  ) {
    return fail('proxy.principal_not_eligible', 'The principal has no vote that could be delegated.', {
      principalId: grant.principalId,
    });
  }
  const { holder } = grant;
  const { eligibleHolders, allowProfessionalHolders } = ctx.statute.proxies;
  if (holder.professional === true && !allowProfessionalHolders) {
    return fail('proxy.professional_holder_not_allowed', 'The statute excludes professional proxies (R9).');
  }
  if (!holder.isMember) {
    const related = holder.relationToPrincipal === 'spouse' || holder.relationToPrincipal === 'relative';
    if (eligibleHolders === 'members_only' || !related) {
      return fail('proxy.holder_not_member', 'The statute allows only members as proxy holders (R9).', {
        eligibleHolders,
      });
    }
    return null;
  }
  const member = ctx.holderMember;
  if (
    member === undefined ||
    !evaluateEligibility(member, { kind: 'motion' }, ctx.now, ctx.statute).eligible
  ) {
    return fail('proxy.holder_not_eligible', 'The holder is not a member entitled to attend.', {
      holderId: holder.id,
    });
  }
  return null;
};

const checkChainsAndCap: Check = (grant, ctx) => {
  const active = ctx.grants.filter((g) => isActiveGrant(g) && g.id !== grant.id);
  // No chains (§43(5): no sub-delegation): a holder who gave their own vote away cannot carry
  // others, and a member who carries others cannot hand them on by granting their own proxy.
  if (
    active.some((g) => g.principalId === grant.holder.id) ||
    active.some((g) => g.holder.id === grant.principalId)
  ) {
    return fail('proxy.chain_not_allowed', 'Proxies cannot be chained (no sub-delegation).');
  }
  if (active.some((g) => g.principalId === grant.principalId)) {
    return fail(
      'proxy.principal_already_represented',
      'The principal already has an active proxy; revoke it first.',
    );
  }
  const max = ctx.statute.proxies.maxPrincipalsPerHolder;
  if (max === 0) return fail('proxy.not_permitted_by_statute', 'The statute does not allow proxies (C3).');
  const held = active.filter((g) => g.holder.id === grant.holder.id).length;
  if (held >= max) {
    return fail(
      'proxy.holder_cap_reached',
      `A proxy holder may represent at most ${max} members (R7, §43(5)).`,
      {
        max,
        held,
      },
    );
  }
  return null;
};

/** R6–R9: validates a grant against the statute and the grants on file; returns the grant when accepted. */
export function validateProxyGrant(grant: ProxyGrant, ctx: ProxyContext): Result<ProxyGrant> {
  for (const check of [checkForm, checkParties, checkChainsAndCap]) {
    const refusal = check(grant, ctx);
    if (refusal !== null) return refusal;
  }
  return ok(grant);
}

/** A revocation: by the principal (withdrawal) or by the holder (renunciation). */
export interface ProxyRevocation {
  readonly grantId: string;
  readonly byPersonId: PersonId;
  readonly at: Instant;
}

/** Validates a revocation and returns the revoked grant (a new value; the store appends it). */
export function revokeProxy(grant: ProxyGrant, revocation: ProxyRevocation): Result<ProxyGrant> {
  if (!isActiveGrant(grant)) {
    return fail('proxy.already_revoked', 'The proxy was already revoked.', { revokedAt: grant.revokedAt });
  }
  if (revocation.byPersonId !== grant.principalId && revocation.byPersonId !== grant.holder.id) {
    return fail('proxy.revocation_not_by_party', 'Only the principal or the holder can end a proxy.');
  }
  return ok({ ...grant, revokedAt: revocation.at });
}
