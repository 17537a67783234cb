import { advanceOutranksProxy } from '@plenum/domain';
import type { Db } from '../../db/types.ts';
import { presentAmong } from '../attendance/attendance.queries.ts';
import { advanceVotersAmong, statutePrecedence } from './cast.queries.ts';

/**
 * What decides whether a proxy vote stands, for the principals a holder could cast for: who of
 * them is present in person (R5) and whose advance vote the statute ranks first (C8). Loaded the
 * same way for a cast and for the list of votes a member is offered.
 */
export async function proxyStanding(
  db: Db,
  assemblyId: string,
  pollId: string,
  byProxy: readonly string[],
): Promise<{ presentPrincipals: ReadonlySet<string>; advanceOutranksProxy: ReadonlySet<string> }> {
  if (byProxy.length === 0) return { presentPrincipals: new Set(), advanceOutranksProxy: new Set() };
  const outranking = advanceOutranksProxy({ precedence: await statutePrecedence(db, assemblyId) })
    ? await advanceVotersAmong(db, pollId, byProxy)
    : new Set<string>();
  return { presentPrincipals: await presentAmong(db, assemblyId, byProxy), advanceOutranksProxy: outranking };
}
