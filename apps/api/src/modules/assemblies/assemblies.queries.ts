import type { AssemblyStatus } from '@plenum/domain';
import type { NoticeChannel } from '../../db/schema.ts';
import type { Db, Trx } from '../../db/types.ts';
import { ApiError } from '../../http/errors.ts';

/**
 * Locks the assembly row and returns its state. A lifecycle transition takes it `for update`;
 * every action that depends on the state (check-in, proxy, opening a poll, a declaration) takes it
 * `for share`, so a transition waits for those in flight and later ones see the new state.
 */
export async function lockAssemblyState(trx: Trx, assemblyId: string, mode: 'update' | 'share') {
  const q = trx
    .selectFrom('assemblies')
    .select(['id', 'status', 'form', 'starts_at', 'statute'])
    .where('id', '=', assemblyId);
  const row = await (mode === 'update' ? q.forUpdate() : q.forShare()).executeTakeFirst();
  if (!row) throw new ApiError(404, 'assembly.not_found', 'No assembly with this id.', { assemblyId });
  return row;
}

/** The agenda as the convening checks it (R16, R17): kind, announcement date and the exemptions. */
export async function conveningItems(db: Db | Trx, assemblyId: string) {
  return db
    .selectFrom('agenda_items')
    .select(['id', 'position', 'kind', 'announced_on', 'details'])
    .where('assembly_id', '=', assemblyId)
    .orderBy('position')
    .execute();
}

/** How many polls of the assembly are open for votes. */
export async function countOpenPolls(db: Db | Trx, assemblyId: string): Promise<number> {
  const row = await db
    .selectFrom('polls')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('assembly_id', '=', assemblyId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markConvened(
  trx: Trx,
  assemblyId: string,
  c: {
    invitedOn: string;
    channel: NoticeChannel;
    accessDetails: string | null;
    proxyDeadline: string | null;
    at: Date;
  },
) {
  await trx
    .updateTable('assemblies')
    .set({
      status: 'convened' satisfies AssemblyStatus,
      invited_on: c.invitedOn,
      notice_channel: c.channel,
      access_details: c.accessDetails,
      proxy_deadline: c.proxyDeadline,
      convened_at: c.at,
    })
    .where('id', '=', assemblyId)
    .execute();
}

export async function markOpened(trx: Trx, assemblyId: string, at: Date) {
  await trx
    .updateTable('assemblies')
    .set({ status: 'open' satisfies AssemblyStatus, opened_at: at })
    .where('id', '=', assemblyId)
    .execute();
}

export async function markClosed(trx: Trx, assemblyId: string, at: Date) {
  await trx
    .updateTable('assemblies')
    .set({ status: 'closed' satisfies AssemblyStatus, closed_at: at })
    .where('id', '=', assemblyId)
    .execute();
}
