import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AppointTellerBody,
  AssemblyParams,
  HallCountBody,
  HallCountsView,
  PollParams,
  TellersView,
} from '@plenum/contracts';
import { Type } from 'typebox';
import { responses } from '../../http/access.ts';
import { actorOf } from '../../http/auth.ts';
import { appointTeller, hallCountsView, submitHallCount, tellersView } from './hall.service.ts';

const HallCountResult = Type.Object(
  {
    status: Type.Union([Type.Literal('awaiting_confirmation'), Type.Literal('confirmed')]),
    assemblyId: Type.String({ format: 'uuid' }),
  },
  { additionalProperties: false },
);

/** Tellers and hall counts (C5, R27): the chair appoints tellers, tellers count the hall. */
export const hallRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const s = app.services;

  app.get(
    '/api/assemblies/:assemblyId/tellers',
    {
      schema: {
        tags: ['hall'],
        params: AssemblyParams,
        response: responses({ 200: TellersView }, 400, 401, 403, 404),
      },
      onRequest: app.requireStaff('chair', 'teller', 'auditor'),
    },
    async (request) => tellersView(s.db, request.params.assemblyId),
  );
  app.post(
    '/api/assemblies/:assemblyId/tellers',
    {
      schema: {
        tags: ['hall'],
        params: AssemblyParams,
        body: AppointTellerBody,
        response: responses({ 201: TellersView }, 400, 401, 403, 404, 409),
      },
      onRequest: app.requireStaff('chair'),
    },
    async (request, reply) => {
      const view = await appointTeller(s, request.params.assemblyId, request.body.userId, actorOf(request));
      return reply.status(201).send(view);
    },
  );
  app.get(
    '/api/assemblies/:assemblyId/hall-counts',
    {
      schema: {
        tags: ['hall'],
        params: AssemblyParams,
        response: responses({ 200: HallCountsView }, 400, 401, 403, 404),
      },
      onRequest: app.requireStaff('chair', 'teller', 'auditor'),
    },
    async (request) => hallCountsView(s.db, request.params.assemblyId),
  );
  app.post(
    '/api/polls/:pollId/hall-count',
    {
      schema: {
        tags: ['hall'],
        params: PollParams,
        body: HallCountBody,
        response: responses({ 200: HallCountResult }, 400, 401, 403, 404, 409, 422),
      },
      onRequest: app.requireStaff('teller'),
    },
    async (request) => submitHallCount(s, request.params.pollId, request.body, actorOf(request)),
  );
};
