import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddRepresentativeBody,
  ErrorBody,
  MemberDetail,
  MemberParams,
  MembersImportBody,
  MembersImportQuery,
  MembersImportReport,
  MembersListQuery,
  MembersPage,
  Representative,
  RepresentativeParams,
} from '@plenum/contracts';
import { Type } from 'typebox';
import { actorOf } from '../../http/auth.ts';
import { ApiError } from '../../http/errors.ts';
import { getMember, listMembers } from './members.service.ts';
import { importMembers } from './members-import.service.ts';
import { officesRoutes } from './offices.routes.ts';
import { addRepresentative, removeRepresentative } from './representatives.service.ts';

/** 100,000 members are about 8 MB of CSV; the import must take the whole register at once. */
const CSV_BODY_LIMIT = 20 * 1024 * 1024;
const STAFF_READERS = ['desk', 'chair', 'auditor'] as const;

/** A register must arrive as UTF-8: a Windows-1252 export would turn every umlaut into garbage. */
function decodeUtf8(body: Buffer): string {
  try {
    // The BOM is kept here so the file's sha256 is that of the bytes received; the parser drops it.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw new ApiError(422, 'members.csv_invalid', 'The file is not UTF-8; save it as "CSV UTF-8".', {
      reason: 'encoding',
    });
  }
}

/** The register of members: CSV import, list and search, detail, representatives; and board offices. */
export const membersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(
    ['text/csv', 'text/plain'],
    { parseAs: 'buffer', bodyLimit: CSV_BODY_LIMIT },
    (_request, body, done) => {
      try {
        done(null, decodeUtf8(body as Buffer));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );

  app.post(
    '/api/members/import',
    {
      onRequest: app.requireStaff('admin'),
      bodyLimit: CSV_BODY_LIMIT,
      schema: {
        tags: ['members'],
        summary: 'Import the register from CSV (text/csv, UTF-8)',
        querystring: MembersImportQuery,
        // The body is the CSV file itself, not JSON: documented as text/csv.
        consumes: ['text/csv'],
        body: MembersImportBody,
        response: {
          200: MembersImportReport,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          413: ErrorBody,
          415: ErrorBody,
          422: ErrorBody,
        },
      },
    },
    async (request) => {
      // The schema fills in the defaults (useDefaults); the same ones, for the type.
      const { mode = 'all_or_nothing', dryRun = false } = request.query;
      return importMembers(app.services, request.body, { mode, dryRun }, actorOf(request));
    },
  );

  app.get(
    '/api/members',
    {
      onRequest: app.requireStaff(...STAFF_READERS),
      schema: {
        tags: ['members'],
        querystring: MembersListQuery,
        response: { 200: MembersPage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => listMembers(app.services, { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.get(
    '/api/members/:memberId',
    {
      onRequest: app.requireStaff(...STAFF_READERS),
      schema: {
        tags: ['members'],
        params: MemberParams,
        response: { 200: MemberDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => getMember(app.services, request.params.memberId),
  );

  app.post(
    '/api/members/:memberId/representatives',
    {
      onRequest: app.requireStaff('admin'),
      schema: {
        tags: ['members'],
        params: MemberParams,
        body: AddRepresentativeBody,
        response: {
          201: Representative,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          422: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const rep = await addRepresentative(
        app.services,
        request.params.memberId,
        request.body,
        actorOf(request),
      );
      return reply.status(201).send(rep);
    },
  );

  app.delete(
    '/api/members/:memberId/representatives/:representativeId',
    {
      onRequest: app.requireStaff('admin'),
      schema: {
        tags: ['members'],
        params: RepresentativeParams,
        response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const { memberId, representativeId } = request.params;
      await removeRepresentative(app.services, memberId, representativeId, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  await app.register(officesRoutes);
};
