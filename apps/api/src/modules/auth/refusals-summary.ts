import type { Db } from '../../db/types.ts';
import type { Clock } from '../../deps.ts';
import { appendLedger, type LedgerEvent } from '../ledger/ledger.queries.ts';
import {
  DEFAULT_THROTTLE,
  forgetOldThrottles,
  markRefusalsSummarised,
  SUMMARY_REASONS,
} from './login-throttle.queries.ts';

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
    const rows = await markRefusalsSummarised(trx, at);
    const events: LedgerEvent[] = rows.map((row) => {
      const reasons: Record<string, number> = {};
      for (const r of SUMMARY_REASONS) {
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
