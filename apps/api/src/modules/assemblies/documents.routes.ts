import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AgendaItemView,
  CandidateParams,
  CandidatePhotoParams,
  CandidateProfileBody,
  DOCUMENT_MAX_BYTES,
  DocumentParams,
  DocumentUploadQuery,
  DocumentView,
  ItemParams,
  PHOTO_MAX_BYTES,
  UpdateAgendaItemBody,
} from '@plenum/contracts';
import { Type } from 'typebox';
import { assertAssemblyAccess, responses } from '../../http/access.ts';
import { actorOf } from '../../http/auth.ts';
import { listItems } from './agenda.service.ts';
import {
  attachDocument,
  readCandidatePhoto,
  readDocument,
  setCandidatePhoto,
  setCandidateProfile,
  updateAgendaItem,
} from './documents.service.ts';
import { attachmentHeader } from './motion-files.ts';

const tags = ['assemblies'];
/** A binary file: sent as a Buffer, which Fastify passes through unserialized. */
const BinaryBody = (description: string) =>
  Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', description });
const CandidateProfileView = Type.Object({
  candidateId: Type.String(),
  statement: Type.String(),
  photoSha256: Type.Union([Type.String(), Type.Null()]),
});

/**
 * What a ballot decides: editing an item's motion text and proposer, its PDF documents, and the
 * candidates' statements and photos. Uploads are the file itself as the body; the service checks
 * the bytes (a PDF, a JPEG or PNG), never the declared type.
 */
export const documentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const s = app.services;
  app.addContentTypeParser(
    ['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: DOCUMENT_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.patch(
    '/api/assemblies/:assemblyId/items/:itemId',
    {
      schema: {
        tags,
        summary: 'Change the title, motion text or proposer of an item before any poll on it opens',
        params: ItemParams,
        body: UpdateAgendaItemBody,
        response: responses({ 200: AgendaItemView }, 400, 401, 403, 404, 409),
      },
      onRequest: app.requireStaff('chair'),
    },
    async (request) => {
      const { assemblyId, itemId } = request.params;
      await updateAgendaItem(s, assemblyId, itemId, request.body, actorOf(request));
      const items = await listItems(s.db, assemblyId);
      // biome-ignore lint/style/noNonNullAssertion: the item was just updated in this assembly
      return items.find((i) => i.id === itemId)!;
    },
  );

  app.post(
    '/api/assemblies/:assemblyId/items/:itemId/documents',
    {
      bodyLimit: DOCUMENT_MAX_BYTES,
      schema: {
        tags,
        summary: 'Attach a PDF (application/pdf, at most 10 MB) to an item',
        consumes: ['application/pdf'],
        params: ItemParams,
        querystring: DocumentUploadQuery,
        response: responses({ 201: DocumentView }, 400, 401, 403, 404, 409, 413, 415),
      },
      onRequest: app.requireStaff('chair'),
    },
    async (request, reply) => {
      const { assemblyId, itemId } = request.params;
      const content = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const doc = await attachDocument(
        s,
        assemblyId,
        itemId,
        { filename: request.query.filename, content },
        actorOf(request),
      );
      return reply.status(201).send(doc);
    },
  );

  app.get(
    '/api/assemblies/:assemblyId/documents/:documentId',
    {
      schema: {
        tags,
        summary: 'Download a document of the assembly (its members and staff)',
        params: DocumentParams,
        response: responses({ 200: BinaryBody('The PDF as uploaded.') }, 400, 401, 403, 404),
      },
      onRequest: app.requireMemberOrStaff('chair', 'desk', 'auditor'),
    },
    async (request, reply) => {
      const { assemblyId, documentId } = request.params;
      assertAssemblyAccess(request, assemblyId);
      const doc = await readDocument(s, assemblyId, documentId);
      return reply
        .type('application/pdf')
        .header('content-disposition', attachmentHeader(doc.filename))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-cache')
        .header('etag', `"${doc.sha256}"`)
        .send(doc.content);
    },
  );

  app.put(
    '/api/assemblies/:assemblyId/items/:itemId/candidates/:candidateId/statement',
    {
      schema: {
        tags,
        summary: "Set a candidate's short statement",
        params: CandidateParams,
        body: CandidateProfileBody,
        response: responses({ 200: CandidateProfileView }, 400, 401, 403, 404, 409),
      },
      onRequest: app.requireStaff('chair'),
    },
    async (request) => await setCandidateProfile(s, request.params, request.body.statement, actorOf(request)),
  );

  app.put(
    '/api/assemblies/:assemblyId/items/:itemId/candidates/:candidateId/photo',
    {
      bodyLimit: PHOTO_MAX_BYTES,
      schema: {
        tags,
        summary: "Set or replace a candidate's photo (image/jpeg or image/png, at most 2 MB)",
        consumes: ['image/jpeg', 'image/png'],
        params: CandidateParams,
        response: responses({ 200: CandidateProfileView }, 400, 401, 403, 404, 409, 413, 415),
      },
      onRequest: app.requireStaff('chair'),
    },
    async (request) => {
      const content = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      return await setCandidatePhoto(s, request.params, content, actorOf(request));
    },
  );

  app.get(
    '/api/assemblies/:assemblyId/candidates/:candidateId/photo',
    {
      schema: {
        tags,
        summary: "A candidate's photo (members of the assembly and staff)",
        params: CandidatePhotoParams,
        response: responses({ 200: BinaryBody('The photo, JPEG or PNG.') }, 400, 401, 403, 404),
      },
      onRequest: app.requireMemberOrStaff('chair', 'desk', 'auditor'),
    },
    async (request, reply) => {
      const { assemblyId, candidateId } = request.params;
      assertAssemblyAccess(request, assemblyId);
      const photo = await readCandidatePhoto(s, assemblyId, candidateId);
      return reply
        .type(photo.content_type)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', 'inline')
        .header('cache-control', 'private, no-cache')
        .header('etag', `"${photo.sha256}"`)
        .send(photo.content);
    },
  );
};
