import type { ConveneBody, LifecycleResult } from '@plenum/contracts';
import { checkClose, dateOf, decideConvening, transition } from '@plenum/domain';
import { type Actor, actorLabel, type ServiceContext } from '../context.ts';
import { renderAndStoreInvitations } from '../invitations/invitations.service.ts';
import { appendLedger } from '../ledger/ledger.queries.ts';
import { refuse } from '../refusal.ts';
import {
  conveningItems,
  countOpenPolls,
  lockAssemblyState,
  markClosed,
  markConvened,
  markOpened,
} from './assemblies.queries.ts';
import { assemblyView, requireAssembly, statuteOf } from './assemblies.service.ts';

async function result(ctx: ServiceContext, assemblyId: string, warnings: LifecycleResult['warnings'] = []) {
  return { assembly: assemblyView(await requireAssembly(ctx.db, assemblyId)), warnings };
}

/**
 * Convene (preparation → convened): records when the invitation is deemed received and how it
 * went out, after the domain checked R16 (notice period, channel, agenda, access details) and R17
 * (every item announced a week ahead). R20 (an annual assembly after month six) is answered and
 * recorded as a warning. The invitation PDF (German and English) is rendered and stored in the
 * same transaction; the ledger entry carries the sha256 of each file. `origin` is the server's
 * address as the caller reached it, for the join link when no public address is configured.
 */
export async function conveneAssembly(
  ctx: ServiceContext,
  assemblyId: string,
  input: ConveneBody,
  actor: Actor,
  origin = '',
): Promise<LifecycleResult> {
  const warnings = await ctx.db.transaction().execute(async (trx) => {
    const row = await lockAssemblyState(trx, assemblyId, 'update');
    const statute = statuteOf(row);
    const now = ctx.clock.now();
    const zone = statute.convening.timeZone;
    const items = await conveningItems(trx, assemblyId);
    const decided = decideConvening(
      {
        status: row.status,
        invitedOn: input.invitedOn,
        today: dateOf(now.toISOString(), zone),
        assemblyDate: dateOf(new Date(row.starts_at).toISOString(), zone),
        channel: input.channel,
        form: row.form,
        accessDetails: (input.accessDetails ?? '').trim() !== '',
        items: items.map((i) => ({
          kind: i.kind,
          announcedOn: i.announced_on,
          withinAnnouncedItem: i.details.withinAnnouncedItem === true,
          convenesExtraordinaryAssembly: i.details.convenesExtraordinaryAssembly === true,
          isAuditReport: i.details.auditReport === true,
        })),
        auditReportPending: input.auditReportPending === true,
      },
      statute,
    );
    if (!decided.ok) throw refuse(decided);
    const warnings = decided.value.warnings.map((w) => ({ code: w.reason, message: w.message }));
    const accessDetails = input.accessDetails?.trim() || null;
    const proxyDeadline =
      input.proxyDeadline === undefined ? null : new Date(input.proxyDeadline).toISOString();
    await markConvened(trx, assemblyId, {
      invitedOn: input.invitedOn,
      channel: input.channel,
      accessDetails,
      proxyDeadline,
      at: now,
    });
    const invitation = await renderAndStoreInvitations(trx, ctx, assemblyId, origin, now);
    await appendLedger(trx, [
      {
        type: 'assembly.convened',
        at: now,
        assemblyId,
        payload: {
          invitedOn: input.invitedOn,
          channel: input.channel,
          accessDetails,
          proxyDeadline,
          auditReportPending: input.auditReportPending === true,
          agendaItems: items.length,
          warnings: warnings.map((w) => w.code),
          invitationSha256: invitation,
          by: actorLabel(actor),
        },
      },
    ]);
    return warnings;
  });
  ctx.afterCommit?.({ type: 'assembly.convened', assemblyId });
  return result(ctx, assemblyId, warnings);
}

/** Open (convened → open): the chair opens the assembly; only now check-in and polls are possible. */
export async function openAssembly(ctx: ServiceContext, assemblyId: string, actor: Actor) {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockAssemblyState(trx, assemblyId, 'update');
    const next = transition(row.status, 'open');
    if (!next.ok) throw refuse(next);
    const now = ctx.clock.now();
    await markOpened(trx, assemblyId, now);
    await appendLedger(trx, [
      { type: 'assembly.opened', at: now, assemblyId, payload: { by: actorLabel(actor) } },
    ]);
  });
  ctx.afterCommit?.({ type: 'assembly.opened', assemblyId });
  return result(ctx, assemblyId);
}

/**
 * Close (open → closed): refused while a poll is open (`assembly.polls_open`). Afterwards nothing
 * is cast, checked in or recorded, and the minutes are final.
 */
export async function closeAssembly(ctx: ServiceContext, assemblyId: string, actor: Actor) {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockAssemblyState(trx, assemblyId, 'update');
    const decided = checkClose(row.status, await countOpenPolls(trx, assemblyId));
    if (!decided.ok) throw refuse(decided);
    const now = ctx.clock.now();
    await markClosed(trx, assemblyId, now);
    await appendLedger(trx, [
      { type: 'assembly.closed', at: now, assemblyId, payload: { by: actorLabel(actor) } },
    ]);
  });
  ctx.afterCommit?.({ type: 'assembly.closed', assemblyId });
  return result(ctx, assemblyId);
}
