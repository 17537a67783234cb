import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddOfficeBody,
  EndOfficeBody,
  ErrorBody,
  Office,
  OfficeParams,
  OfficesList,
  OfficesQuery,
} from '@plenum/contracts';
import { actorOf } from '../../http/auth.ts';
import { addOffice, endOffice, officesOf } from './offices.service.ts';

/** Board terms (Vorstand, Aufsichtsrat, Prokura): the basis of the §43(6) exclusions (R10, R11). */
export const officesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/offices',
    {
      onRequest: app.requireStaff('admin'),
      schema: {
        tags: ['members'],
        body: AddOfficeBody,
        response: {
          201: Office,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          422: ErrorBody,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addOffice(app.services, request.body, actorOf(request))),
  );

  app.get(
    '/api/offices',
    {
      onRequest: app.requireStaff('chair', 'auditor'),
      schema: {
        tags: ['members'],
        querystring: OfficesQuery,
        response: { 200: OfficesList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => ({ items: await officesOf(app.services, request.query) }),
  );

  app.patch(
    '/api/offices/:officeId',
    {
      onRequest: app.requireStaff('admin'),
      schema: {
        tags: ['members'],
        params: OfficeParams,
        body: EndOfficeBody,
        response: {
          200: Office,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          422: ErrorBody,
        },
      },
    },
    async (request) => endOffice(app.services, request.params.officeId, request.body.to, actorOf(request)),
  );
};
