import { createHash } from 'node:crypto';
import { type AssemblyForm, isInvited, permits } from '@plenum/domain';
import type { Db, Trx } from '../../db/types.ts';
import { requireAssembly, statuteOf } from '../assemblies/assemblies.service.ts';
import type { ServiceContext } from '../context.ts';
import type { Lang } from '../exports/minutes-text.ts';
import { loadDomainMembers } from '../members/members.queries.ts';
import { refuse } from '../refusal.ts';
import { invitationCsv } from './invitation-csv.ts';
import { type InvitationModel, invitationPdf } from './invitation-pdf.ts';
import {
  findInvitation,
  insertInvitations,
  invitationItems,
  registerContacts,
} from './invitations.queries.ts';

export const INVITATION_LANGS: readonly Lang[] = ['de', 'en'];

type AssemblyRow = Awaited<ReturnType<typeof requireAssembly>>;

/** The member login of the assembly: /join with its short code (the projector's QR link is the same). */
export function joinLink(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/join?${new URLSearchParams({ code }).toString()}`;
}

function baseUrlOf(ctx: ServiceContext, origin: string): string {
  return ctx.site?.publicUrl ?? origin;
}

async function modelOf(
  db: Db | Trx,
  ctx: ServiceContext,
  row: AssemblyRow,
  lang: Lang,
  origin: string,
  convenedAt: Date,
): Promise<InvitationModel> {
  const items = await invitationItems(db, row.id);
  const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
  return {
    lang,
    cooperative: ctx.site?.cooperativeName ?? null,
    registeredSeat: row.registered_seat,
    title: row.title,
    startsAt: new Date(row.starts_at).toISOString(),
    form: row.form as AssemblyForm,
    place: row.place,
    code: row.code,
    joinLink: joinLink(baseUrlOf(ctx, origin), row.code),
    accessDetails: row.access_details,
    invitedOn: row.invited_on ?? '',
    channel: row.notice_channel ?? '',
    proxyDeadline: iso(row.proxy_deadline),
    convenedAt: convenedAt.toISOString(),
    statute: statuteOf(row),
    items,
  };
}

/**
 * Renders the invitation in both languages inside the convening's transaction (after the
 * convening was written, so it reads the recorded date, channel and access details) and stores the
 * bytes; the answer is the sha256 of each, which the assembly.convened entry records.
 */
export async function renderAndStoreInvitations(
  trx: Trx,
  ctx: ServiceContext,
  assemblyId: string,
  origin: string,
  at: Date,
): Promise<Record<Lang, string>> {
  const row = await requireAssembly(trx, assemblyId);
  const files = [];
  for (const lang of INVITATION_LANGS) {
    const pdf = await invitationPdf(await modelOf(trx, ctx, row, lang, origin, at));
    files.push({ lang, pdf, sha256: createHash('sha256').update(pdf).digest('hex') });
  }
  await insertInvitations(trx, assemblyId, files, at);
  return Object.fromEntries(files.map((f) => [f.lang, f.sha256])) as Record<Lang, string>;
}

async function requireConvened(db: Db, assemblyId: string): Promise<AssemblyRow> {
  const row = await requireAssembly(db, assemblyId);
  const allowed = permits(row.status, 'invitation');
  if (!allowed.ok) throw refuse(allowed);
  return row;
}

/**
 * The invitation PDF as it was rendered at the convening (its sha256 is in the ledger). An
 * assembly convened before invitations were stored gets one rendered now from the current agenda.
 */
export async function invitationFile(
  ctx: ServiceContext,
  assemblyId: string,
  lang: Lang,
  origin: string,
): Promise<{ pdf: Buffer; sha256: string }> {
  const row = await requireConvened(ctx.db, assemblyId);
  const stored = await findInvitation(ctx.db, assemblyId, lang);
  if (stored) return { pdf: stored.pdf, sha256: stored.sha256 };
  const at = new Date(row.convened_at ?? row.created_at);
  const pdf = await invitationPdf(await modelOf(ctx.db, ctx, row, lang, origin, at));
  return { pdf, sha256: createHash('sha256').update(pdf).digest('hex') };
}

/** The mail merge of the invitation: every member the register invites (R16), by member number. */
export async function invitationMailMerge(
  ctx: ServiceContext,
  assemblyId: string,
  lang: Lang,
  origin: string,
): Promise<string> {
  const row = await requireConvened(ctx.db, assemblyId);
  const statute = statuteOf(row);
  const at = new Date(row.starts_at).toISOString();
  const invited = new Set(
    (await loadDomainMembers(ctx.db)).filter((m) => isInvited(m, at, statute)).map((m) => m.id),
  );
  const members = (await registerContacts(ctx.db))
    .filter((m) => invited.has(m.id))
    .map((m) => ({
      memberNumber: m.member_number,
      givenName: m.given_name,
      familyName: m.family_name,
      email: m.email,
      kind: m.kind,
    }));
  return invitationCsv(members, {
    lang,
    title: row.title,
    startsAt: new Date(row.starts_at).toISOString(),
    timeZone: statute.convening.timeZone,
    code: row.code,
    joinLink: joinLink(baseUrlOf(ctx, origin), row.code),
  });
}

/** The invitation's model from the current data (what a fresh render would print; for the checks). */
export async function currentInvitationModel(
  ctx: ServiceContext,
  assemblyId: string,
  lang: Lang,
  origin: string,
): Promise<InvitationModel> {
  const row = await requireConvened(ctx.db, assemblyId);
  return modelOf(ctx.db, ctx, row, lang, origin, new Date(row.convened_at ?? row.created_at));
}
