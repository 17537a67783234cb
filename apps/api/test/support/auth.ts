import type { FastifyInstance } from 'fastify';
import type { Principal, StaffRole } from '../../src/http/auth.ts';
import { normaliseAccessCode } from '../../src/modules/auth/access-codes.service.ts';
import { encodeReceiptKey } from '../../src/modules/ballots/member-receipts.ts';

/** A signed token for a staff role (tests only; the login routes are tested on their own). */
export function staffToken(app: FastifyInstance, role: StaffRole, username: string = role): string {
  return app.jwt.sign({ kind: 'staff', sub: `staff:${username}`, username, role } satisfies Principal);
}

/** The access code the test tokens pretend the member logged in with (for their receipt key). */
export const TEST_ACCESS_CODE = 'TEST-CODE-0000';

/**
 * A signed member token for one assembly, carrying the receipt key a login with
 * {@link TEST_ACCESS_CODE} would have put into it.
 */
export function memberToken(
  app: FastifyInstance,
  memberId: string,
  assemblyId: string,
  memberNumber = 'M',
): string {
  const key = app.services.ballotKeys.forMemberReceipts(
    assemblyId,
    memberId,
    normaliseAccessCode(TEST_ACCESS_CODE),
  );
  return app.jwt.sign({
    kind: 'member',
    sub: `member:${memberId}`,
    memberId,
    assemblyId,
    memberNumber,
    rk: encodeReceiptKey(key),
  } satisfies Principal);
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
