import { type Algorithm, hash, verify } from '@node-rs/argon2';
import type { StaffRoleColumn } from '../../db/schema.ts';
import type { ServiceContext } from '../context.ts';
import { appendLedger } from '../ledger/ledger.queries.ts';
import { Refusal } from '../refusal.ts';
import { insertStaffUser, listStaffUsers, type StaffUserRow, setStaffDisabled } from './auth.queries.ts';

export const MIN_PASSWORD_LENGTH = 12;
export const STAFF_ROLES: readonly StaffRoleColumn[] = ['admin', 'chair', 'desk', 'auditor', 'teller'];
const USERNAME = /^[A-Za-z0-9._-]{3,64}$/;

// argon2id (the value 2 of the package's const enum) with its defaults: 19 MiB, 2 passes, 1 lane
// — OWASP's recommended minimum. Spelled out so a change of the package's default cannot weaken it.
const ARGON2ID = 2 as Algorithm;
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

// Verified against when the username is unknown, so that the answer takes as long as for a real
// user and the timing tells nobody which usernames exist.
let dummyHash: Promise<string> | undefined;

/** Checks a password against a stored hash, or against a dummy when there is no user. */
export async function checkPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword('plenum-no-such-user-dummy-password');
  const target = storedHash ?? (await dummyHash);
  const ok = await verify(target, password).catch(() => false);
  return ok && storedHash !== undefined;
}

export interface NewStaffUser {
  username: string;
  password: string;
  role: StaffRoleColumn;
  displayName?: string | undefined;
}

/**
 * Creates a staff account (API, CLI and demo seed). Passwords have at least 12 characters and are
 * stored only as argon2id hashes; usernames are unique ignoring case.
 */
export async function createStaffUser(
  ctx: ServiceContext,
  input: NewStaffUser,
  by = 'system',
): Promise<StaffUserRow> {
  if (!USERNAME.test(input.username)) {
    throw new Refusal('request.invalid', 'A username has 3–64 characters of A–Z a–z 0–9 . _ -.', {
      field: 'username',
    });
  }
  if (!STAFF_ROLES.includes(input.role)) {
    throw new Refusal('request.invalid', `The role must be one of ${STAFF_ROLES.join(', ')}.`, {
      field: 'role',
    });
  }
  if ([...input.password].length < MIN_PASSWORD_LENGTH) {
    throw new Refusal(
      'auth.password_too_short',
      `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`,
      { minLength: MIN_PASSWORD_LENGTH },
    );
  }
  const passwordHash = await hashPassword(input.password);
  const displayName = input.displayName?.trim() || input.username;
  return ctx.db.transaction().execute(async (trx) => {
    const at = ctx.clock.now();
    const user = await insertStaffUser(trx, {
      username: input.username,
      displayName,
      passwordHash,
      role: input.role,
      at,
    });
    if (!user) {
      throw new Refusal('auth.username_taken', `The username "${input.username}" is taken.`, {
        username: input.username,
      });
    }
    // Who may do what is evidence too: the ledger records new accounts (never the password).
    await appendLedger(trx, [
      {
        type: 'staff_user.created',
        at,
        payload: { userId: user.id, username: user.username, role: user.role, by },
      },
    ]);
    return user;
  });
}

/**
 * Disables (or enables again) a staff account. Disabling moves the account's session version on,
 * so every token issued before stops working at once; enabling does not bring them back.
 */
export async function setStaffUserDisabled(
  ctx: ServiceContext,
  userId: string,
  disabled: boolean,
  by = 'system',
): Promise<StaffUserRow> {
  return ctx.db.transaction().execute(async (trx) => {
    const at = ctx.clock.now();
    const user = await setStaffDisabled(trx, userId, disabled ? at : null);
    if (!user) throw new Refusal('auth.staff_user_not_found', 'No staff user with this id.', { userId });
    await appendLedger(trx, [
      {
        type: disabled ? 'staff_user.disabled' : 'staff_user.enabled',
        at,
        payload: { userId: user.id, username: user.username, by },
      },
    ]);
    return user;
  });
}

export { listStaffUsers };
