import type { Db } from '../../db/types.ts';
import { chainAttendance } from '../ledger/ledger.queries.ts';
import { attendanceUnchained } from './attendance.queries.ts';

/**
 * Puts the attendance events that wait for the ledger into it (one `attendance.chained` entry per
 * assembly and batch). Any process may run it: the queue rows are taken under the ledger head
 * lock, so no event is chained twice, and a rollback leaves them for the next run. Returns how
 * many entries were written.
 */
export async function chainWaitingAttendance(db: Db): Promise<number> {
  if (!(await attendanceUnchained(db))) return 0;
  const entries = await db.transaction().execute((trx) => chainAttendance(trx));
  return entries.length;
}

/**
 * Chains check-ins in batches instead of one ledger append each: a check-in commits its event and
 * queue row without the ledger head lock and nudges the chainer, which runs shortly after (events
 * arriving meanwhile join the batch). A sweep every `sweepMs` and a run at start pick up what a
 * process left behind when it died between a check-in's commit and the next batch.
 */
export class AttendanceChainer {
  private timer: NodeJS.Timeout | undefined;
  private sweep: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly delayMs: number,
    private readonly sweepMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): Promise<unknown> {
    this.stopped = false;
    this.sweep = setInterval(() => void this.runOnce(), this.sweepMs);
    this.sweep.unref();
    return this.runOnce();
  }

  /** A check-in committed: chain it (with whatever else arrives until then) in a moment. */
  nudge(): void {
    if (this.timer !== undefined || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runOnce();
    }, this.delayMs);
    this.timer.unref();
  }

  runOnce(): Promise<unknown> {
    this.running = this.running.then(() => chainWaitingAttendance(this.db)).catch(this.onError);
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.sweep) clearInterval(this.sweep);
    this.timer = undefined;
    this.sweep = undefined;
    await this.runOnce();
  }
}
