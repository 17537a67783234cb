import { DOCUMENT_MAX_BYTES, PHOTO_MAX_BYTES } from '@plenum/contracts';
import { itemKindRule } from '@plenum/domain';
import type { Trx } from '../../db/types.ts';
import { type Actor, actorLabel, type ServiceContext } from '../context.ts';
import { appendLedger } from '../ledger/ledger.queries.ts';
import { Refusal } from '../refusal.ts';
import {
  candidateOfItem,
  candidatePhoto,
  candidatePhotoHash,
  documentFile,
  insertDocument,
  lockItem,
  setCandidateStatement,
  startedPolls,
  updateItemText,
  upsertCandidatePhoto,
} from './agenda.queries.ts';
import { requireAssembly } from './assemblies.service.ts';
import { imageType, isPdf, safePdfName, sha256Hex } from './motion-files.ts';

/** The address a document is downloaded from (members of the assembly and staff). */
export const documentUrl = (assemblyId: string, documentId: string) =>
  `/api/assemblies/${assemblyId}/documents/${documentId}`;
/** The address of a candidate's photo. */
export const photoUrl = (assemblyId: string, candidateId: string) =>
  `/api/assemblies/${assemblyId}/candidates/${candidateId}/photo`;

/**
 * The item, locked; refused once a poll on it has opened: what the members voted on must stay
 * what the minutes and the ledger state.
 */
async function editableItem(trx: Trx, assemblyId: string, itemId: string) {
  await requireAssembly(trx, assemblyId);
  const item = await lockItem(trx, assemblyId, itemId);
  if (!item) throw new Refusal('agenda.item_not_found', 'No agenda item with this id in this assembly.');
  if ((await startedPolls(trx, itemId)) > 0)
    throw new Refusal('agenda.item_locked', 'A poll on this item has opened; its text can no longer change.');
  return item;
}

/** Changes an item's title, motion text or proposer; the ledger records the item as it now reads. */
export async function updateAgendaItem(
  ctx: ServiceContext,
  assemblyId: string,
  itemId: string,
  input: { title?: string; body?: string; proposer?: string },
  actor: Actor,
) {
  return ctx.db.transaction().execute(async (trx) => {
    await editableItem(trx, assemblyId, itemId);
    const row = await updateItemText(trx, itemId, input);
    await appendLedger(trx, [
      {
        type: 'agenda.item_updated',
        at: ctx.clock.now(),
        assemblyId,
        payload: {
          itemId,
          fields: Object.keys(input).sort(),
          title: row.title,
          body: row.body,
          proposer: row.proposer,
          by: actorLabel(actor),
        },
      },
    ]);
    return { id: row.id, title: row.title, body: row.body, proposer: row.proposer };
  });
}

/**
 * Attaches a PDF to an item. The bytes must start as a PDF does, whatever the request declared;
 * the name is cleaned; the ledger records name, size and sha256, which the minutes then bind.
 */
export async function attachDocument(
  ctx: ServiceContext,
  assemblyId: string,
  itemId: string,
  input: { filename: string; content: Buffer },
  actor: Actor,
) {
  if (input.content.length > DOCUMENT_MAX_BYTES)
    throw new Refusal('request.too_large', 'The document is larger than 10 MB.');
  if (!isPdf(input.content))
    throw new Refusal('document.not_pdf', 'The file is not a PDF; nothing was stored.');
  const filename = safePdfName(input.filename);
  const sha256 = sha256Hex(input.content);
  const size = input.content.length;
  return ctx.db.transaction().execute(async (trx) => {
    await editableItem(trx, assemblyId, itemId);
    const at = ctx.clock.now();
    const { id } = await insertDocument(trx, {
      assemblyId,
      itemId,
      filename,
      size,
      sha256,
      content: input.content,
      at,
    });
    await appendLedger(trx, [
      {
        type: 'agenda.document_attached',
        at,
        assemblyId,
        payload: {
          itemId,
          documentId: id,
          filename,
          contentType: 'application/pdf',
          size,
          sha256,
          by: actorLabel(actor),
        },
      },
    ]);
    return {
      id,
      itemId,
      filename,
      contentType: 'application/pdf' as const,
      size,
      sha256,
      url: documentUrl(assemblyId, id),
    };
  });
}

/** A document of this assembly with its bytes; 404 for an unknown one or one of another assembly. */
export async function readDocument(ctx: ServiceContext, assemblyId: string, documentId: string) {
  const doc = await documentFile(ctx.db, assemblyId, documentId);
  if (!doc) throw new Refusal('document.not_found', 'No document with this id in this assembly.');
  return doc;
}

async function editableCandidate(trx: Trx, assemblyId: string, itemId: string, candidateId: string) {
  const item = await editableItem(trx, assemblyId, itemId);
  if (itemKindRule(item.kind).decision !== 'election')
    throw new Refusal('candidate.not_found', 'No candidate with this id on this item.');
  const candidate = await candidateOfItem(trx, itemId, candidateId);
  if (!candidate) throw new Refusal('candidate.not_found', 'No candidate with this id on this item.');
  return candidate;
}

async function recordProfile(
  trx: Trx,
  ctx: ServiceContext,
  p: { assemblyId: string; itemId: string; candidateId: string; memberId: string; statement: string },
  actor: Actor,
) {
  await appendLedger(trx, [
    {
      type: 'election.candidate_profile',
      at: ctx.clock.now(),
      assemblyId: p.assemblyId,
      payload: {
        itemId: p.itemId,
        candidateId: p.candidateId,
        memberId: p.memberId,
        statement: p.statement,
        photoSha256: await candidatePhotoHash(trx, p.candidateId),
        by: actorLabel(actor),
      },
    },
  ]);
}

/** Sets a candidate's statement ('' removes it); the ledger records the profile as it now stands. */
export async function setCandidateProfile(
  ctx: ServiceContext,
  ids: { assemblyId: string; itemId: string; candidateId: string },
  statement: string,
  actor: Actor,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await editableCandidate(trx, ids.assemblyId, ids.itemId, ids.candidateId);
    await setCandidateStatement(trx, c.id, statement);
    await recordProfile(trx, ctx, { ...ids, memberId: c.member_id, statement }, actor);
    return { candidateId: c.id, statement, photoSha256: await candidatePhotoHash(trx, c.id) };
  });
}

/** Sets or replaces a candidate's photo: JPEG or PNG by its bytes, at most 2 MB. */
export async function setCandidatePhoto(
  ctx: ServiceContext,
  ids: { assemblyId: string; itemId: string; candidateId: string },
  content: Buffer,
  actor: Actor,
) {
  if (content.length > PHOTO_MAX_BYTES)
    throw new Refusal('request.too_large', 'The photo is larger than 2 MB.');
  const contentType = imageType(content);
  if (contentType === null)
    throw new Refusal('candidate.photo_invalid', 'The photo is not a JPEG or PNG image.');
  return ctx.db.transaction().execute(async (trx) => {
    const c = await editableCandidate(trx, ids.assemblyId, ids.itemId, ids.candidateId);
    const sha256 = sha256Hex(content);
    await upsertCandidatePhoto(trx, { candidateId: c.id, contentType, sha256, content });
    await recordProfile(trx, ctx, { ...ids, memberId: c.member_id, statement: c.statement }, actor);
    return { candidateId: c.id, statement: c.statement, photoSha256: sha256 };
  });
}

/** A candidate's photo; 404 when the candidate is not of this assembly or has none. */
export async function readCandidatePhoto(ctx: ServiceContext, assemblyId: string, candidateId: string) {
  const photo = await candidatePhoto(ctx.db, assemblyId, candidateId);
  if (!photo) throw new Refusal('candidate.photo_not_found', 'This candidate has no photo.');
  return photo;
}
