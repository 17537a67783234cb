import type { LoginRefusalReason } from '../../db/schema.ts';
import { requireAssembly } from '../assemblies/assemblies.service.ts';
import { encodeReceiptKey } from '../ballots/member-receipts.ts';
import type { ServiceContext } from '../context.ts';
import { Refusal } from '../refusal.ts';
import { accessCodeMatches, normaliseAccessCode } from './access-codes.service.ts';
import { findMemberForLogin, findStaffUser, type StaffUserRow } from './auth.queries.ts';
import {
  claimAttempt,
  clearThrottle,
  DEFAULT_THROTTLE,
  memberSubject,
  recordRefusal,
  staffSubject,
  type ThrottlePolicy,
} from './login-throttle.queries.ts';
import { checkPassword } from './staff-users.service.ts';

/** Where a login comes from: the client address (as PLENUM_TRUST_PROXY lets us see it). */
export interface LoginSource {
  address: string;
  policy?: ThrottlePolicy | undefined;
}

function throttledError(until: Date, now: Date): Refusal {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new Refusal(
    'auth.throttled',
    `Too many wrong attempts for this login from your address; try again in ${seconds} s.`,
    { retryAfterSeconds: seconds, nextAttemptAt: until.toISOString() },
  );
}

/**
 * The gate in front of every login check: wrong attempts slow down only the address that sent
 * them, and only for a few seconds, so nobody can keep a member or a staff user out by typing
 * wrong codes for their number from elsewhere. Each check is claimed (counted) before it is made;
 * a throttled attempt is refused without a check and does not lengthen the wait.
 */
async function gate(
  ctx: ServiceContext,
  refusal: { kind: 'member' | 'staff'; assemblyId: string | null; login: string },
  subject: string,
  source: LoginSource,
  now: Date,
): Promise<void> {
  const claim = await claimAttempt(
    ctx.db,
    { subject, source: source.address, assemblyId: refusal.assemblyId },
    now,
    source.policy ?? DEFAULT_THROTTLE,
  );
  if (claim.claimed) return;
  await recordRefusal(ctx.db, { ...refusal, source: source.address, reason: 'throttled', at: now });
  throw throttledError(claim.until, now);
}

/** A refused check: already counted by the gate, kept with its reason. */
async function fail(
  ctx: ServiceContext,
  refusal: { kind: 'member' | 'staff'; assemblyId: string | null; login: string },
  source: LoginSource,
  reason: LoginRefusalReason,
  now: Date,
): Promise<void> {
  await recordRefusal(ctx.db, { ...refusal, source: source.address, reason, at: now });
}

/**
 * Staff login. Unknown usernames, disabled accounts and wrong passwords get the same answer in the
 * same time, and unknown usernames are throttled like known ones: nothing tells which users exist.
 */
export async function loginStaff(
  ctx: ServiceContext,
  username: string,
  password: string,
  source: LoginSource = { address: 'unknown' },
): Promise<StaffUserRow & { sessionVersion: number }> {
  const now = ctx.clock.now();
  const subject = staffSubject(username);
  const refusal = { kind: 'staff' as const, assemblyId: null, login: username };
  await gate(ctx, refusal, subject, source, now);
  const user = await findStaffUser(ctx.db, username);
  const usable = user && user.disabledAt === null ? user : undefined;
  if (await checkPassword(usable?.passwordHash, password)) {
    await clearThrottle(ctx.db, subject, source.address);
    const { passwordHash: _, ...row } = usable as NonNullable<typeof usable>;
    return row;
  }
  const reason = !user ? 'unknown_user' : user.disabledAt ? 'disabled' : 'wrong_password';
  await fail(ctx, refusal, source, reason, now);
  throw new Refusal('auth.invalid_credentials', 'Wrong username or password.');
}

export interface MemberLogin {
  memberId: string;
  memberNumber: string;
  name: string;
  sessionVersion: number;
  /** The receipt key for the session token (base64url). */
  receiptKey: string;
}

/**
 * Member login with member number and the assembly's access code. Every refusal is kept in
 * login_refusals (never the code typed) and summarised into the ledger with counts (R30).
 */
export async function loginMember(
  ctx: ServiceContext,
  input: { assemblyId: string; memberNumber: string; code: string },
  source: LoginSource = { address: 'unknown' },
): Promise<MemberLogin> {
  const { assemblyId, memberNumber } = input;
  await requireAssembly(ctx.db, assemblyId);
  const now = ctx.clock.now();
  const subject = memberSubject(assemblyId, memberNumber);
  const refusal = { kind: 'member' as const, assemblyId, login: memberNumber };
  await gate(ctx, refusal, subject, source, now);
  const member = await findMemberForLogin(ctx.db, assemblyId, memberNumber);
  const reason: LoginRefusalReason | undefined = !member
    ? 'unknown_member'
    : member.code_hash === null
      ? 'no_code'
      : accessCodeMatches(member.code_hash, assemblyId, member.id, input.code)
        ? undefined
        : 'wrong_code';
  if (member && reason === undefined) {
    await clearThrottle(ctx.db, subject, source.address);
    return {
      memberId: member.id,
      memberNumber,
      name: `${member.given_name} ${member.family_name}`,
      sessionVersion: member.session_version ?? 1,
      // The key that seals the receipts kept for this member: it needs the code typed just now,
      // which is stored nowhere, so it lives only in the session (member-receipts.ts).
      receiptKey: encodeReceiptKey(
        ctx.ballotKeys.forMemberReceipts(assemblyId, member.id, normaliseAccessCode(input.code)),
      ),
    };
  }
  await fail(ctx, refusal, source, reason ?? 'wrong_code', now);
  throw new Refusal('auth.invalid_credentials', 'Wrong member number or access code.');
}
