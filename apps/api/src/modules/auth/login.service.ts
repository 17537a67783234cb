import type { Trx } from '../../db/types.ts';
import { ApiError } from '../../http/errors.ts';
import { requireAssembly } from '../assemblies/assemblies.service.ts';
import type { ServiceContext } from '../context.ts';
import { appendLedger } from '../ledger/ledger.queries.ts';
import { accessCodeMatches } from './access-codes.service.ts';
import {
  activeLock,
  clearFailures,
  findMemberForLogin,
  findStaffUser,
  lockFailureRow,
  type StaffUserRow,
  saveFailures,
} from './auth.queries.ts';
import { checkPassword } from './staff-users.service.ts';

/** After this many failures in a row the subject is locked … */
export const MAX_FAILURES = 5;
/** … for this long. */
export const LOCK_MS = 15 * 60_000;

type RefusalReason = 'unknown_member' | 'no_code' | 'wrong_code' | 'locked';

function lockedError(until: Date, now: Date): ApiError {
  return new ApiError(423, 'auth.locked', 'Too many failed logins; try again later.', {
    lockedUntil: until.toISOString(),
    retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
  });
}

/**
 * Counts one more failure for a subject inside the caller's transaction and locks it at the fifth
 * in a row. A lock that has run out starts the count afresh.
 */
async function countFailure(trx: Trx, subject: string, assemblyId: string | null, now: Date) {
  const row = await lockFailureRow(trx, subject, assemblyId);
  const expired = row.lockedUntil !== null && row.lockedUntil.getTime() <= now.getTime();
  const failures = (expired ? 0 : row.failures) + 1;
  const lockedUntil = failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MS) : null;
  await saveFailures(trx, subject, failures, lockedUntil);
  return { failures, lockedUntil };
}

/**
 * Staff login. Unknown usernames, disabled accounts and wrong passwords get the same answer in the
 * same time, and unknown usernames are locked like known ones: nothing tells which users exist.
 */
export async function loginStaff(
  ctx: ServiceContext,
  username: string,
  password: string,
): Promise<StaffUserRow> {
  const now = ctx.clock.now();
  const subject = `staff:${username.toLowerCase()}`;
  const locked = await activeLock(ctx.db, subject, now);
  if (locked) throw lockedError(locked, now);
  const user = await findStaffUser(ctx.db, username);
  const usable = user && user.disabledAt === null ? user : undefined;
  if (await checkPassword(usable?.passwordHash, password)) {
    await clearFailures(ctx.db, subject);
    const { passwordHash: _, ...row } = usable as NonNullable<typeof usable>;
    return row;
  }
  const outcome = await ctx.db.transaction().execute((trx) => countFailure(trx, subject, null, now));
  if (outcome.lockedUntil) throw lockedError(outcome.lockedUntil, now);
  throw new ApiError(401, 'auth.invalid_credentials', 'Wrong username or password.');
}

export interface MemberLogin {
  memberId: string;
  memberNumber: string;
  name: string;
}

/**
 * Member login with member number and the assembly's access code. Every refusal, the lock
 * included, is kept in the ledger as evidence (R30) — the code typed never is.
 */
export async function loginMember(
  ctx: ServiceContext,
  input: { assemblyId: string; memberNumber: string; code: string },
): Promise<MemberLogin> {
  const { assemblyId, memberNumber } = input;
  await requireAssembly(ctx.db, assemblyId);
  const now = ctx.clock.now();
  const subject = `member:${assemblyId}:${memberNumber}`;
  const locked = await activeLock(ctx.db, subject, now);
  if (locked) {
    await ctx.db.transaction().execute((trx) => refuse(trx, input, 'locked', now, { lockedUntil: locked }));
    throw lockedError(locked, now);
  }
  const member = await findMemberForLogin(ctx.db, assemblyId, memberNumber);
  const reason: RefusalReason | undefined = !member
    ? 'unknown_member'
    : member.code_hash === null
      ? 'no_code'
      : accessCodeMatches(member.code_hash, assemblyId, member.id, input.code)
        ? undefined
        : 'wrong_code';
  if (member && reason === undefined) {
    await clearFailures(ctx.db, subject);
    return { memberId: member.id, memberNumber, name: `${member.given_name} ${member.family_name}` };
  }
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const counted = await countFailure(trx, subject, assemblyId, now);
    await refuse(trx, input, reason ?? 'wrong_code', now, counted);
    return counted;
  });
  if (outcome.lockedUntil) throw lockedError(outcome.lockedUntil, now);
  throw new ApiError(401, 'auth.invalid_credentials', 'Wrong member number or access code.');
}

async function refuse(
  trx: Trx,
  input: { assemblyId: string; memberNumber: string },
  reason: RefusalReason,
  at: Date,
  state: { failures?: number; lockedUntil: Date | null },
): Promise<void> {
  await appendLedger(trx, [
    {
      type: 'auth.login_refused',
      at,
      assemblyId: input.assemblyId,
      payload: {
        memberNumber: input.memberNumber,
        reason,
        ...(state.failures === undefined ? {} : { failures: state.failures }),
        ...(state.lockedUntil ? { lockedUntil: state.lockedUntil.toISOString() } : {}),
      },
    },
  ]);
}
