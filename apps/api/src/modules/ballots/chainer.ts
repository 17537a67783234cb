import { type Ballot, ballotsRoot, type CanonicalValue } from '@plenum/ledger';
import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/types.ts';
import type { Clock } from '../../deps.ts';
import { appendLedger, type LedgerEvent } from '../ledger/ledger.queries.ts';

/**
 * A chained batch never narrows a ballot down to fewer voters than this: pending ballots of a poll
 * are chained once this many wait, or all at once when the poll closes.
 */
export const MIN_BATCH = 16;
const MAX_BATCH = 2000;

interface OutboxRow {
  id: string;
  poll_id: string;
  secret: boolean;
  member_id: string | null;
  weight: number;
  choice: unknown;
}

/**
 * What a ballot leaf commits to (ledger SPEC.md): the choice, its weight (R1, C1) and, for open
 * polls only, the member. Never a receipt, a time or a position.
 */
export function ledgerBallot(
  row: Pick<OutboxRow, 'id' | 'poll_id' | 'member_id' | 'weight' | 'choice'>,
): Ballot {
  const choice: Record<string, CanonicalValue> = { v: row.choice as CanonicalValue, w: row.weight };
  if (row.member_id !== null) choice.m = row.member_id;
  return { ballotId: row.id, pollId: row.poll_id, choice };
}

/**
 * Moves accepted ballots from the outbox into `ballots` and records one ledger entry per poll
 * batch. Runs in the caller's transaction and takes the chain head first, so chainers in any number
 * of processes queue and the chain never forks. DELETE … RETURNING takes exactly the rows
 * committed so far; a cast that commits later stays in the outbox for the next batch.
 */
export async function chainPending(
  trx: Trx,
  at: Date,
  options: { pollId?: string; minBatch?: number; limit?: number } = {},
): Promise<number> {
  await trx.selectFrom('ledger_head').select('seq').where('id', '=', true).forUpdate().execute();
  const minBatch = options.minBatch ?? MIN_BATCH;
  const limit = options.limit ?? MAX_BATCH;
  const polls =
    options.pollId !== undefined
      ? [options.pollId]
      : (
          await trx
            .selectFrom('ballot_outbox')
            .select('poll_id')
            .groupBy('poll_id')
            .having(sql<number>`count(*)`, '>=', minBatch)
            .execute()
        ).map((r) => r.poll_id);
  let moved = 0;
  const events: LedgerEvent[] = [];
  for (const pollId of polls) {
    // One statement moves the batch: taken from the outbox and written to `ballots` in ballot-id
    // order (random), so the physical order of `ballots` says nothing about cast order.
    const { rows } = await sql<OutboxRow>`
      WITH taken AS (
        DELETE FROM ballot_outbox WHERE id IN (
          SELECT id FROM ballot_outbox WHERE poll_id = ${pollId} LIMIT ${limit} FOR UPDATE SKIP LOCKED
        ) RETURNING id, poll_id, secret, member_id, weight, choice
      )
      INSERT INTO ballots (id, poll_id, secret, member_id, weight, choice)
      SELECT id, poll_id, secret, member_id, weight, choice FROM taken ORDER BY id
      RETURNING id, poll_id, secret, member_id, weight, choice`.execute(trx);
    if (rows.length === 0) continue;
    rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    events.push({
      type: 'ballots.chained',
      at,
      payload: {
        pollId,
        count: rows.length,
        ballotIds: rows.map((r) => r.id),
        root: ballotsRoot(rows.map(ledgerBallot)),
      },
    });
    moved += rows.length;
  }
  await appendLedger(trx, events);
  return moved;
}

/**
 * The background loop that chains pending ballots in batches. One per process; several processes
 * share the work safely through the chain-head lock.
 */
export class BallotChainer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly logger: FastifyBaseLogger,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(this.intervalMs);
  }

  /**
   * Called after each cast. The loop already runs every interval; a kick only restarts it if it
   * has stopped, so a burst of casts costs nothing here and batches stay large.
   */
  kick(): void {
    if (!this.stopped && this.running === undefined && this.timer === undefined)
      this.schedule(this.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Chains everything that has reached a batch; returns how many ballots moved. */
  async runOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.db.transaction().execute((trx) => chainPending(trx, this.clock.now()));
      total += moved;
      if (moved === 0) return total;
    }
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.runOnce()
        .then(
          () => undefined,
          (error: unknown) => this.logger.error({ err: error }, 'ballot chainer failed; will retry'),
        )
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.intervalMs);
        });
    }, delay);
    this.timer.unref();
  }
}
