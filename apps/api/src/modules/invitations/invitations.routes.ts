import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AssemblyParams } from '@plenum/contracts';
import { Type } from 'typebox';
import { responses } from '../../http/access.ts';
import { requestOrigin } from '../auth/auth.session.ts';
import { invitationFile, invitationMailMerge } from './invitations.service.ts';

const tags = ['assemblies'];
const LangQuery = Type.Object(
  { lang: Type.Optional(Type.Union([Type.Literal('de'), Type.Literal('en')], { default: 'de' })) },
  { additionalProperties: false },
);

/**
 * The invitation of a convened assembly (chair and admin): the PDF as rendered at the convening
 * (its sha256 is in the assembly.convened entry and in the X-Content-SHA256 header) and the mail
 * merge CSV of the members it goes to. Before the convening both are refused (`assembly.not_convened`).
 */
export const invitationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const s = app.services;
  app.get(
    '/api/assemblies/:assemblyId/invitation.pdf',
    {
      schema: {
        tags,
        summary: 'The invitation with the agenda (PDF, rendered at the convening)',
        params: AssemblyParams,
        querystring: LangQuery,
        response: responses(
          {
            200: Type.Unsafe<Uint8Array>({
              type: 'string',
              format: 'binary',
              description: 'Invitation (PDF).',
            }),
          },
          400,
          401,
          403,
          404,
          409,
        ),
      },
      onRequest: app.requireStaff('chair'),
    },
    async (request, reply) => {
      const lang = request.query.lang ?? 'de';
      const file = await invitationFile(s, request.params.assemblyId, lang, requestOrigin(request));
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="invitation.${lang}.pdf"`)
        .header('x-content-sha256', file.sha256)
        .send(file.pdf);
    },
  );
  app.get(
    '/api/assemblies/:assemblyId/invitation.csv',
    {
      schema: {
        tags,
        summary: 'Mail merge of the invitation: one row per invited member (no access codes)',
        params: AssemblyParams,
        querystring: LangQuery,
        response: responses(
          { 200: Type.String({ description: 'invitation.csv, UTF-8 with BOM, ";"-separated.' }) },
          400,
          401,
          403,
          404,
          409,
        ),
      },
      onRequest: app.requireStaff('chair'),
    },
    async (request, reply) => {
      const lang = request.query.lang ?? 'de';
      const body = await invitationMailMerge(s, request.params.assemblyId, lang, requestOrigin(request));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="invitation.${lang}.csv"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
};
