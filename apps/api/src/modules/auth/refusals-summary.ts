import { sql } from 'kysely';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../deps.ts';
import { appendLedger, type LedgerEvent } from '../ledger/ledger.queries.ts';
import { DEFAULT_THROTTLE, forgetOldThrottles } from './login-throttle.queries.ts';

const REASONS = [
  'unknown_member',
  'no_code',
  'wrong_code',
  'unknown_user',
  'disabled',
  'wrong_password',
  'throttled',
] as const;

interface SummaryRow {
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
 * Puts the refused logins not yet summarised into the ledger as one 'logins.refused' entry per
 * assembly (and one for staff logins), with counts only: how many, for how many logins, from how
 * many addresses, and why. The rows themselves stay in login_refusals. Concurrent summarisers in
 * several processes never count a row twice: each row is marked in the same transaction, and a
 * second UPDATE skips rows the first already marked.
 */
export async function summariseRefusals(db: Db, clock: Clock): Promise<LedgerEvent[]> {
  return db.transaction().execute(async (trx) => {
    const at = clock.now();
    const perReason = REASONS.map((r) => sql`count(*) FILTER (WHERE reason = ${r})::int AS ${sql.ref(r)}`);
    const { rows } = await sql<SummaryRow>`
      WITH marked AS (
        UPDATE login_refusals SET summarised_at = ${at}
        WHERE summarised_at IS NULL
        RETURNING assembly_id, kind, login, source, reason, at
      )
      SELECT assembly_id, kind, count(*)::int AS total, count(DISTINCT login)::int AS logins,
             count(DISTINCT source)::int AS sources, min(at) AS first_at, max(at) AS last_at,
             ${sql.join(perReason)}
      FROM marked GROUP BY assembly_id, kind ORDER BY kind, assembly_id`.execute(trx);
    const events: LedgerEvent[] = rows.map((row) => {
      const reasons: Record<string, number> = {};
      for (const r of REASONS) {
        const n = Number(row[r]);
        if (n > 0) reasons[r] = n;
      }
      return {
        type: 'logins.refused',
        at,
        ...(row.assembly_id ? { assemblyId: row.assembly_id } : {}),
        payload: {
          kind: row.kind,
          from: new Date(row.first_at).toISOString(),
          to: new Date(row.last_at).toISOString(),
          total: Number(row.total),
          logins: Number(row.logins),
          sources: Number(row.sources),
          reasons,
        },
      };
    });
    await appendLedger(trx, events);
    return events;
  });
}

/** Runs the summary every `intervalMs` and once more when the app closes. */
export class RefusalSummariser {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  /** Summarises, and forgets throttle counts that have run out (they would only grow the table). */
  runOnce(): Promise<unknown> {
    this.running = this.running
      .then(async () => {
        await summariseRefusals(this.db, this.clock);
        await forgetOldThrottles(this.db, this.clock.now(), DEFAULT_THROTTLE);
      })
      .catch(this.onError);
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.runOnce();
  }
}
