import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AccessCodesCounts,
  AccessCodesCsv,
  AccessCodesIssueBody,
  AccessCodesParams,
  AccessCodesQuery,
  ErrorBody,
} from '@plenum/contracts';
import { actorOf } from '../../http/auth.ts';
import { requireAssembly } from '../assemblies/assemblies.service.ts';
import { actorLabel } from '../context.ts';
import { renderAccessCodesCsv } from './access-codes.csv.ts';
import { accessCodeCounts, issueAccessCodes } from './access-codes.service.ts';
import { requestOrigin } from './auth.session.ts';

/**
 * Access codes for an assembly's members (admin). The CSV is the only time the codes exist in
 * plain text; afterwards only their hashes and the counts can be read.
 */
export const accessCodeRoutes =
  (publicUrl: string | undefined): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/assemblies/:assemblyId/access-codes',
      {
        onRequest: app.requireStaff('admin'),
        // No body at all means the defaults: every member of the register without a code.
        preValidation: async (request) => {
          request.body ??= {};
        },
        schema: {
          tags: ['auth'],
          params: AccessCodesParams,
          querystring: AccessCodesQuery,
          body: AccessCodesIssueBody,
          response: {
            200: { description: 'The codes, once.', content: { 'text/csv': { schema: AccessCodesCsv } } },
            400: ErrorBody,
            401: ErrorBody,
            403: ErrorBody,
            404: ErrorBody,
            409: ErrorBody,
          },
        },
      },
      async (request, reply) => {
        const { assemblyId } = request.params;
        const codes = await issueAccessCodes(
          app.services,
          assemblyId,
          request.body,
          actorLabel(actorOf(request)),
        );
        // Replaced codes end their members' sessions at once (the session version moved on).
        if (request.body.regenerate) app.sessions.forget();
        const lang = request.query.lang ?? 'de';
        const { code: assemblyCode } = await requireAssembly(app.services.db, assemblyId);
        const csv = renderAccessCodesCsv(codes, {
          lang,
          assemblyCode,
          baseUrl: publicUrl ?? requestOrigin(request),
        });
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="access-codes-${assemblyId}.csv"`)
          .header('cache-control', 'no-store')
          .send(csv);
      },
    );

    app.get(
      '/api/assemblies/:assemblyId/access-codes',
      {
        onRequest: app.requireStaff('admin'),
        schema: {
          tags: ['auth'],
          params: AccessCodesParams,
          response: {
            200: AccessCodesCounts,
            400: ErrorBody,
            401: ErrorBody,
            403: ErrorBody,
            404: ErrorBody,
          },
        },
      },
      async (request) => accessCodeCounts(app.services, request.params.assemblyId),
    );
  };
