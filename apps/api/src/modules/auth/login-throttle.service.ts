import type { LoginThrottle } from '@plenum/contracts';
import { requireAssembly } from '../assemblies/assemblies.service.ts';
import type { ServiceContext } from '../context.ts';
import { appendLedger } from '../ledger/ledger.queries.ts';
import {
  liftThrottles,
  listThrottles,
  memberSubject,
  staffSubject,
  type ThrottlePolicy,
  type ThrottleRow,
} from './login-throttle.queries.ts';

function toBody(row: ThrottleRow, prefix: string): LoginThrottle {
  return {
    login: row.subject.slice(prefix.length),
    source: row.source,
    failures: row.failures,
    lastFailureAt: row.lastFailureAt.toISOString(),
    nextAttemptAt: row.nextAttemptAt.toISOString(),
  };
}

export async function memberThrottles(
  ctx: ServiceContext,
  assemblyId: string,
  policy: ThrottlePolicy,
): Promise<LoginThrottle[]> {
  await requireAssembly(ctx.db, assemblyId);
  const rows = await listThrottles(ctx.db, { assemblyId }, ctx.clock.now(), policy);
  return rows.map((r) => toBody(r, memberSubject(assemblyId, '')));
}

export async function staffThrottles(ctx: ServiceContext, policy: ThrottlePolicy): Promise<LoginThrottle[]> {
  const rows = await listThrottles(ctx.db, { staff: true }, ctx.clock.now(), policy);
  return rows.map((r) => toBody(r, staffSubject('')));
}

/** Lets a member number try again from every address at once; the ledger says who did it. */
export async function liftMemberThrottles(
  ctx: ServiceContext,
  assemblyId: string,
  memberNumber: string,
  by: string,
): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    await requireAssembly(trx, assemblyId);
    const lifted = await liftThrottles(trx, memberSubject(assemblyId, memberNumber));
    if (lifted > 0) {
      await appendLedger(trx, [
        {
          type: 'login_throttle.lifted',
          at: ctx.clock.now(),
          assemblyId,
          payload: { memberNumber, addresses: lifted, by },
        },
      ]);
    }
    return lifted;
  });
}

export async function liftStaffThrottles(ctx: ServiceContext, username: string, by: string): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const lifted = await liftThrottles(trx, staffSubject(username));
    if (lifted > 0) {
      await appendLedger(trx, [
        {
          type: 'login_throttle.lifted',
          at: ctx.clock.now(),
          payload: { username: username.toLowerCase(), addresses: lifted, by },
        },
      ]);
    }
    return lifted;
  });
}
