import { sql } from 'kysely';
import type { LoginRefusalReason } from '../../db/schema.ts';
import type { Db } from '../../db/types.ts';

/**
 * How wrong logins slow down the address that sends them (never the login itself everywhere):
 * the first `freeFailures` cost nothing, then each one doubles the wait from one second up to
 * `maxDelayMs`; after `forgetAfterMs` without a wrong attempt the count starts afresh.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  maxDelayMs: number;
  forgetAfterMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  freeFailures: 3,
  maxDelayMs: 5_000,
  forgetAfterMs: 15 * 60_000,
};

/** The wait after the n-th wrong attempt in a row from one address. */
export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures <= policy.freeFailures) return 0;
  const exponent = Math.min(failures - policy.freeFailures - 1, 30);
  return Math.min(1000 * 2 ** exponent, policy.maxDelayMs);
}

/** The subject of a member login: member number per assembly. */
export const memberSubject = (assemblyId: string, memberNumber: string) =>
  `member:${assemblyId}:${memberNumber}`;
/** The subject of a staff login: the username ignoring case. */
export const staffSubject = (username: string) => `staff:${username.toLowerCase()}`;

/** When this address may try this login again, if it has to wait at `now`. */
export async function throttledUntil(
  db: Db,
  subject: string,
  source: string,
  now: Date,
): Promise<Date | undefined> {
  const row = await db
    .selectFrom('login_throttles')
    .select('next_attempt_at')
    .where('subject', '=', subject)
    .where('source', '=', source)
    .executeTakeFirst();
  const until = row && new Date(row.next_attempt_at);
  return until && until.getTime() > now.getTime() ? until : undefined;
}

/**
 * Counts one more wrong attempt for this login from this address, in one statement (concurrent
 * attempts each count), and returns the wait it causes. A count older than the policy's
 * forgetting time starts afresh.
 */
export async function countFailure(
  db: Db,
  key: { subject: string; source: string; assemblyId: string | null },
  now: Date,
  policy: ThrottlePolicy,
): Promise<{ failures: number; nextAttemptAt: Date }> {
  const forgetBefore = new Date(now.getTime() - policy.forgetAfterMs);
  const row = await db
    .insertInto('login_throttles')
    .values({
      subject: key.subject,
      source: key.source,
      assembly_id: key.assemblyId,
      failures: 1,
      last_failure_at: now,
      next_attempt_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['subject', 'source']).doUpdateSet({
        failures: sql`CASE WHEN login_throttles.last_failure_at < ${forgetBefore} THEN 1 ELSE login_throttles.failures + 1 END`,
        last_failure_at: now,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  const nextAttemptAt = new Date(now.getTime() + delayAfter(row.failures, policy));
  await db
    .updateTable('login_throttles')
    .set({ next_attempt_at: nextAttemptAt })
    .where('subject', '=', key.subject)
    .where('source', '=', key.source)
    .where('next_attempt_at', '<', nextAttemptAt)
    .execute();
  return { failures: row.failures, nextAttemptAt };
}

/** A right login from an address clears that address's count (other addresses keep theirs). */
export async function clearThrottle(db: Db, subject: string, source: string): Promise<void> {
  await db
    .deleteFrom('login_throttles')
    .where('subject', '=', subject)
    .where('source', '=', source)
    .execute();
}

export interface ThrottleRow {
  subject: string;
  source: string;
  failures: number;
  lastFailureAt: Date;
  nextAttemptAt: Date;
}

/** The throttles still counting at `now` (member ones of one assembly, or the staff ones). */
export async function listThrottles(
  db: Db,
  scope: { assemblyId: string } | { staff: true },
  now: Date,
  policy: ThrottlePolicy,
): Promise<ThrottleRow[]> {
  const rows = await db
    .selectFrom('login_throttles')
    .select(['subject', 'source', 'failures', 'last_failure_at', 'next_attempt_at'])
    .$if('assemblyId' in scope, (q) =>
      q.where('assembly_id', '=', (scope as { assemblyId: string }).assemblyId),
    )
    .$if('staff' in scope, (q) => q.where('subject', 'like', 'staff:%'))
    .where('last_failure_at', '>=', new Date(now.getTime() - policy.forgetAfterMs))
    .orderBy('last_failure_at', 'desc')
    .limit(1000)
    .execute();
  return rows.map((r) => ({
    subject: r.subject,
    source: r.source,
    failures: r.failures,
    lastFailureAt: new Date(r.last_failure_at),
    nextAttemptAt: new Date(r.next_attempt_at),
  }));
}

/** Lifts every throttle of one login, from every address; returns how many there were. */
export async function liftThrottles(db: Db, subject: string): Promise<number> {
  const rows = await db
    .deleteFrom('login_throttles')
    .where('subject', '=', subject)
    .returning('source')
    .execute();
  return rows.length;
}

export interface Refusal {
  kind: 'member' | 'staff';
  assemblyId: string | null;
  login: string;
  source: string;
  reason: LoginRefusalReason;
  at: Date;
}

/** Keeps one refused login (its own table: no ledger lock per attempt). */
export async function recordRefusal(db: Db, refusal: Refusal): Promise<void> {
  await db
    .insertInto('login_refusals')
    .values({
      at: refusal.at,
      kind: refusal.kind,
      assembly_id: refusal.assemblyId,
      login: refusal.login,
      source: refusal.source,
      reason: refusal.reason,
    })
    .execute();
}
