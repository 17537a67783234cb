import type { Statute, StatuteInputBody } from '@plenum/contracts';
import {
  amendStatute,
  DEFAULT_STATUTE,
  defineStatute,
  ITEM_KINDS,
  type ItemKind,
  nextLifecycleAction,
  type StatuteConfig,
  type StatuteInput,
} from '@plenum/domain';
import type { CanonicalObject } from '@plenum/ledger';
import type { AssemblyForm } from '../../db/schema.ts';
import type { Db, Trx } from '../../db/types.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { actorLabel } from '../context.ts';
import { appendLedger } from '../ledger/ledger.queries.ts';
import { Refusal, refuse } from '../refusal.ts';
import { insertAgendaItem, lastAgendaPosition } from './agenda.queries.ts';
import {
  type AssemblyRow,
  findAssembly,
  insertAssembly,
  listAssemblyRows,
  lockAssembly,
  type NewAssembly,
  updateAssemblyRow,
} from './assemblies.queries.ts';
import { generateAssemblyCode } from './assembly-code.ts';
import { assertAssemblyPermits } from './assembly-state.ts';

export interface CreateAssemblyInput {
  title: string;
  form: AssemblyForm;
  place?: string | null;
  registeredSeat: string;
  startsAt: string;
  chairName?: string | null;
  /** As the request gives it: the domain refuses values outside the legal ranges (R15). */
  statute?: StatuteInputBody;
}

/** Creates an assembly in preparation with its statute configuration, validated by the domain (R15). */
export async function createAssembly(ctx: ServiceContext, input: CreateAssemblyInput, actor: Actor) {
  const statute = defineStatute((input.statute ?? {}) as StatuteInput);
  if (!statute.ok) throw refuse(statute);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await insertWithFreshCode(ctx, trx, {
      title: input.title,
      form: input.form,
      place: input.place ?? null,
      registeredSeat: input.registeredSeat,
      startsAt: input.startsAt,
      chairName: input.chairName ?? null,
      statute: JSON.stringify(statute.value),
    });
    await appendLedger(trx, [
      {
        type: 'assembly.created',
        at: ctx.clock.now(),
        assemblyId: row.id,
        payload: {
          title: input.title,
          form: input.form,
          place: input.place ?? null,
          registeredSeat: input.registeredSeat,
          startsAt: new Date(input.startsAt).toISOString(),
          chairName: input.chairName ?? null,
          statute: statute.value as unknown as CanonicalObject,
          by: actorLabel(actor),
        },
      },
    ]);
    return { id: row.id, code: row.code, statute: statute.value };
  });
}

/**
 * Draws short codes until one is free. With 887 million codes a second draw is already rare; the
 * bound only keeps a broken random source from looping forever.
 */
async function insertWithFreshCode(ctx: ServiceContext, trx: Trx, row: Omit<NewAssembly, 'code'>) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const code = generateAssemblyCode(ctx.random);
    const inserted = await insertAssembly(trx, { ...row, code });
    if (inserted) return { id: inserted.id, code };
  }
  throw new Error('no free assembly code after 20 draws');
}

export interface AgendaItemInput {
  kind: ItemKind;
  title: string;
  body?: string;
  proposer?: string;
  announcedOn?: string | null;
  /** Discharge period/mode/subject, affected persons, §262 objections (see polls.service). */
  details?: Record<string, unknown>;
}

export async function addAgendaItem(
  ctx: ServiceContext,
  assemblyId: string,
  input: AgendaItemInput,
  actor: Actor,
) {
  if (!(ITEM_KINDS as readonly string[]).includes(input.kind)) {
    throw new Refusal('request.invalid', `Unknown agenda item kind "${input.kind}".`);
  }
  return ctx.db.transaction().execute(async (trx) => {
    await requireAssembly(trx, assemblyId);
    // Lifecycle: items can be added until the assembly closes (R17 judges a late item's poll).
    await assertAssemblyPermits(trx, assemblyId, 'agenda');
    const position = (await lastAgendaPosition(trx, assemblyId)) + 1;
    const row = await insertAgendaItem(trx, {
      assemblyId,
      position,
      kind: input.kind,
      title: input.title,
      body: input.body ?? '',
      proposer: input.proposer ?? '',
      announcedOn: input.announcedOn ?? null,
      details: JSON.stringify(input.details ?? {}),
    });
    await appendLedger(trx, [
      {
        type: 'agenda.item_added',
        at: ctx.clock.now(),
        assemblyId,
        payload: {
          itemId: row.id,
          position,
          kind: input.kind,
          title: input.title,
          body: input.body ?? '',
          proposer: input.proposer ?? '',
          announcedOn: input.announcedOn ?? null,
          details: JSON.parse(JSON.stringify(input.details ?? {})) as CanonicalObject,
          by: actorLabel(actor),
        },
      },
    ]);
    return row;
  });
}

export async function requireAssembly(db: Db, assemblyId: string) {
  const row = await findAssembly(db, assemblyId);
  if (!row) throw new Refusal('assembly.not_found', 'No assembly with this id.', { assemblyId });
  return row;
}

/** The statute snapshot stored with the assembly, completed with defaults for fields added later. */
export function statuteOf(row: { statute: Record<string, unknown> }): StatuteConfig {
  const stored = row.statute as Partial<StatuteConfig>;
  // Sections stored before a field was added (e.g. elections.tieBreak) take its default.
  return {
    ...DEFAULT_STATUTE,
    ...stored,
    elections: { ...DEFAULT_STATUTE.elections, ...(stored.elections ?? {}) },
  };
}

/** Changes an assembly while it is in preparation; the statute snapshot is validated again (R15). */
export async function updateAssembly(
  ctx: ServiceContext,
  assemblyId: string,
  input: Partial<CreateAssemblyInput>,
  actor: Actor,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const current = await lockAssembly(trx, assemblyId);
    if (!current) throw new Refusal('assembly.not_found', 'No assembly with this id.', { assemblyId });
    if (current.status !== 'preparation') {
      throw new Refusal(
        'assembly.not_in_preparation',
        'The assembly can only be changed while in preparation.',
      );
    }
    if (Object.keys(input).length === 0) {
      throw new Refusal('request.invalid', 'Name at least one field to change.');
    }
    let statute: StatuteConfig | undefined;
    if (input.statute !== undefined) {
      // Merged into the current settings, so a PATCH of one setting keeps all the others (R15).
      const checked = amendStatute(statuteOf(current), input.statute as StatuteInput);
      if (!checked.ok) throw refuse(checked);
      statute = checked.value;
    }
    const updated = await updateAssemblyRow(trx, assemblyId, {
      ...(input.title === undefined ? {} : { title: input.title }),
      ...(input.form === undefined ? {} : { form: input.form }),
      ...(input.place === undefined ? {} : { place: input.place }),
      ...(input.registeredSeat === undefined ? {} : { registered_seat: input.registeredSeat }),
      ...(input.startsAt === undefined ? {} : { starts_at: input.startsAt }),
      ...(input.chairName === undefined ? {} : { chair_name: input.chairName }),
      ...(statute === undefined ? {} : { statute: JSON.stringify(statute) }),
    });
    await appendLedger(trx, [
      {
        type: 'assembly.updated',
        at: ctx.clock.now(),
        assemblyId,
        // The fields changed, and the assembly as it now stands (what the minutes will state).
        payload: {
          fields: Object.keys(input).sort(),
          title: updated.title,
          form: updated.form,
          place: updated.place,
          registeredSeat: updated.registered_seat,
          startsAt: new Date(updated.starts_at).toISOString(),
          chairName: updated.chair_name,
          statute: JSON.parse(JSON.stringify(updated.statute)) as CanonicalObject,
          by: actorLabel(actor),
        },
      },
    ]);
    return assemblyView(updated);
  });
}

export function assemblyView(row: AssemblyRow) {
  return {
    id: row.id,
    title: row.title,
    form: row.form,
    place: row.place,
    registeredSeat: row.registered_seat,
    startsAt: new Date(row.starts_at).toISOString(),
    chairName: row.chair_name,
    status: row.status,
    // The domain's statute has readonly arrays; the contract's type is the same shape, mutable.
    statute: statuteOf(row) as Statute,
    currentItemId: row.current_item_id,
    code: row.code,
    convening:
      row.invited_on === null || row.notice_channel === null || row.convened_at === null
        ? null
        : {
            invitedOn: row.invited_on,
            channel: row.notice_channel,
            accessDetails: row.access_details,
            proxyDeadline: row.proxy_deadline === null ? null : new Date(row.proxy_deadline).toISOString(),
            at: new Date(row.convened_at).toISOString(),
          },
    openedAt: row.opened_at === null ? null : new Date(row.opened_at).toISOString(),
    closedAt: row.closed_at === null ? null : new Date(row.closed_at).toISOString(),
    nextAction: nextLifecycleAction(row.status),
  };
}

export async function listAssemblies(db: Db) {
  const rows = await listAssemblyRows(db);
  return rows.map(assemblyView);
}
