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

/**
 * Claims one check of this login from this address, in one statement, as if it were going to
 * fail: the count goes up and the wait it causes starts now; a right login then clears the row.
 * Counting before checking means that parallel attempts cannot all slip through the gate at once:
 * the row lock serialises them and, once the free attempts are used up, only one per wait gets a
 * check. An attempt during a wait claims nothing (and so does not lengthen the wait): the answer
 * is the time the wait ends. A count older than the policy's forgetting time starts afresh.
 */
export async function claimAttempt(
  db: Db,
  key: { subject: string; source: string; assemblyId: string | null },
  now: Date,
  policy: ThrottlePolicy,
): Promise<{ claimed: true; failures: number } | { claimed: false; until: Date }> {
  const forgetBefore = new Date(now.getTime() - policy.forgetAfterMs);
  const failures = sql<number>`CASE WHEN login_throttles.last_failure_at < ${forgetBefore} THEN 1 ELSE login_throttles.failures + 1 END`;
  const claimed = await db
    .insertInto('login_throttles')
    .values({
      subject: key.subject,
      source: key.source,
      assembly_id: key.assemblyId,
      failures: 1,
      last_failure_at: now,
      next_attempt_at: new Date(now.getTime() + delayAfter(1, policy)),
    })
    .onConflict((oc) =>
      oc
        .columns(['subject', 'source'])
        .doUpdateSet({
          failures,
          last_failure_at: now,
          next_attempt_at: sql<Date>`${now}::timestamptz + ${delaySql(failures, policy)} * interval '1 millisecond'`,
        })
        .where('login_throttles.next_attempt_at', '<=', now),
    )
    .returning('failures')
    .executeTakeFirst();
  if (claimed) return { claimed: true, failures: claimed.failures };
  const row = await db
    .selectFrom('login_throttles')
    .select('next_attempt_at')
    .where('subject', '=', key.subject)
    .where('source', '=', key.source)
    .executeTakeFirst();
  // Cleared by a right login in between: this attempt waits no longer than a second.
  return { claimed: false, until: row ? new Date(row.next_attempt_at) : new Date(now.getTime() + 1000) };
}

/** delayAfter() in SQL, for the count computed in the same statement. */
function delaySql(failures: ReturnType<typeof sql<number>>, policy: ThrottlePolicy) {
  return sql<number>`CASE WHEN ${failures} <= ${policy.freeFailures} THEN 0
    ELSE least(${policy.maxDelayMs}::bigint, 1000 * power(2, least(${failures} - ${policy.freeFailures} - 1, 30))::bigint) END`;
}

/** Forgets counts nobody has added to for the policy's forgetting time. */
export async function forgetOldThrottles(db: Db, now: Date, policy: ThrottlePolicy): Promise<void> {
  await db
    .deleteFrom('login_throttles')
    .where('last_failure_at', '<', new Date(now.getTime() - policy.forgetAfterMs))
    .execute();
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

/** The reasons a refusal summary counts one by one. */
export const SUMMARY_REASONS = [
  'unknown_member',
  'no_code',
  'wrong_code',
  'unknown_user',
  'disabled',
  'wrong_password',
  'throttled',
] as const;

/** Refused logins of one assembly (or of staff), counted: one row of a summary. */
export interface RefusalSummaryRow {
  assembly_id: string | null;
  kind: 'member' | 'staff';
  total: string | number;
  logins: string | number;
  sources: string | number;
  first_at: Date | string;
  last_at: Date | string;
  [reason: string]: unknown;
}

/**
 * Marks every refused login not yet summarised as summarised at `at` and answers them counted, per
 * assembly and kind: how many, for how many logins, from how many addresses, and per reason. A row
 * is marked once: a concurrent second UPDATE skips rows the first already marked.
 */
export async function markRefusalsSummarised(db: Db, at: Date): Promise<RefusalSummaryRow[]> {
  const perReason = SUMMARY_REASONS.map(
    (r) => sql`count(*) FILTER (WHERE reason = ${r})::int AS ${sql.ref(r)}`,
  );
  const { rows } = await sql<RefusalSummaryRow>`
    WITH marked AS (
      UPDATE login_refusals SET summarised_at = ${at}
      WHERE summarised_at IS NULL
      RETURNING assembly_id, kind, login, source, reason, at
    )
    SELECT assembly_id, kind, count(*)::int AS total, count(DISTINCT login)::int AS logins,
           count(DISTINCT source)::int AS sources, min(at) AS first_at, max(at) AS last_at,
           ${sql.join(perReason)}
    FROM marked GROUP BY assembly_id, kind ORDER BY kind, assembly_id`.execute(db);
  return rows;
}
