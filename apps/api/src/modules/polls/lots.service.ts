import { decideByLot, type ElectionRoundResult, lotOrder } from '@plenum/domain';
import { bytesToHex, lotSeed } from '@plenum/ledger';
import { assertAssemblyPermits } from '../assemblies/assembly-state.ts';
import { type Actor, actorLabel, type ServiceContext } from '../context.ts';
import { appendLedger, chainAttendance } from '../ledger/ledger.queries.ts';
import { Refusal, refuse } from '../refusal.ts';
import { draftRoundAfter, insertLot, lockedLedgerHead, lotOf } from './lots.queries.ts';
import type { DeclareInput } from './poll-results.service.ts';
import { lockedPoll } from './poll-state.ts';
import { findPoll } from './polls.queries.ts';
import { createPoll, declarePoll } from './polls.service.ts';

type StoredTally = ElectionRoundResult & Record<string, unknown>;

/** The bytes of a fresh lot value when the chair enters none (ledger SPEC.md §11). */
const RANDOM_VALUE_BYTES = 16;

/**
 * R22: the chair draws the lot for a tie on the last seats. In one transaction that holds the
 * chain head: seed = sha256(canonical({ head, pollId, value })) over the chair's value (or a fresh
 * random one), the order by the domain's `lotOrder`, one `election.lot_drawn` entry on that very
 * head, and the append-only row the screens and the export read. Drawn once per poll.
 */
export async function drawLot(ctx: ServiceContext, pollId: string, input: { value?: string }, actor: Actor) {
  const drawn = await ctx.db.transaction().execute(async (trx) => {
    const row = await lockedPoll(trx, pollId);
    await assertAssemblyPermits(trx, row.assembly_id, 'record');
    if (await lotOf(trx, pollId))
      throw new Refusal('poll.lot_already_drawn', 'The lot for this tie has already been drawn.');
    const tally = row.tally as StoredTally | null;
    if (row.kind !== 'election' || row.status !== 'closed' || tally?.tie?.settledBy !== 'lot') {
      throw new Refusal(
        'poll.lot_not_required',
        'This poll has no tie on the last seats to be drawn by lot.',
        {
          status: row.status,
        },
      );
    }
    const chairValue = input.value?.trim();
    if (chairValue === '')
      throw new Refusal('request.invalid', 'The lot value is blank; leave it out to draw a random one.');
    const value = chairValue ? chairValue : bytesToHex(ctx.random.bytes(RANDOM_VALUE_BYTES));
    // Check-ins waiting for the ledger go in first: the lot's entry must follow the head it names.
    await chainAttendance(trx);
    const head = await lockedLedgerHead(trx);
    const seed = lotSeed({ value, head: head.hash, pollId });
    const order = lotOrder(seed, tally.tie.among);
    const decided = decideByLot(tally, order);
    if (!decided.ok) throw refuse(decided);
    const now = ctx.clock.now();
    const winners = order.slice(0, tally.tie.seats);
    const by = actorLabel(actor);
    const valueSource = chairValue ? ('chair' as const) : ('random' as const);
    const [entry] = await appendLedger(trx, [
      {
        type: 'election.lot_drawn',
        at: now,
        assemblyId: row.assembly_id,
        payload: {
          pollId,
          value,
          valueSource,
          headSeq: head.seq,
          head: head.hash,
          seed,
          among: [...tally.tie.among],
          seats: tally.tie.seats,
          order,
          winners,
          by,
        },
      },
    ]);
    if (!entry || entry.prevHash !== head.hash) throw new Error('unreachable: the head moved under its lock');
    await insertLot(trx, pollId, {
      value,
      valueSource,
      headSeq: head.seq,
      head: head.hash,
      seed,
      among: [...tally.tie.among],
      seats: tally.tie.seats,
      order,
      winners,
      drawnBy: by,
      at: now,
      ledgerSeq: entry.seq,
    });
    return { assemblyId: row.assembly_id };
  });
  ctx.afterCommit?.({ type: 'poll.lot_drawn', assemblyId: drawn.assemblyId, pollId });
}

/**
 * Declares a poll's result; when the round ended in a tie that the statute settles by run-off
 * (R22), the run-off round between the tied candidates is prepared as a draft right after, for
 * the chair to open: the first round's result (the seats it filled, the run-off it needs) is
 * declared first, and the console's next action is then to open the run-off. Preparing is
 * idempotent: a draft next round that exists already is kept.
 */
export async function declarePollAndPrepare(
  ctx: ServiceContext,
  pollId: string,
  input: DeclareInput,
  actor: Actor,
) {
  const declared = await declarePoll(ctx, pollId, input, actor);
  await prepareTieRunOff(ctx, pollId, actor);
  return declared;
}

export async function prepareTieRunOff(
  ctx: ServiceContext,
  pollId: string,
  actor: Actor,
): Promise<string | null> {
  const row = await findPoll(ctx.db, pollId);
  const tally = row?.tally as StoredTally | null | undefined;
  if (!row || row.rehearsal || tally?.outcome !== 'election.tie_runoff_required') return null;
  const existing = await draftRoundAfter(ctx.db, row.agenda_item_id, row.round);
  if (existing !== null) return existing;
  const created = await createPoll(ctx, row.assembly_id, { agendaItemId: row.agenda_item_id }, actor);
  return created.id;
}
