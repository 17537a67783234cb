import type { FastifyInstance } from 'fastify';
import type { Principal, StaffRole } from '../../src/http/auth.ts';

/** A signed token for a staff role (tests only; the login routes are tested on their own). */
export function staffToken(app: FastifyInstance, role: StaffRole, username: string = role): string {
  return app.jwt.sign({ kind: 'staff', sub: `staff:${username}`, username, role } satisfies Principal);
}

/** A signed member token for one assembly. */
export function memberToken(
  app: FastifyInstance,
  memberId: string,
  assemblyId: string,
  memberNumber = 'M',
): string {
  return app.jwt.sign({
    kind: 'member',
    sub: `member:${memberId}`,
    memberId,
    assemblyId,
    memberNumber,
  } satisfies Principal);
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
