import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MissingVoters, PollParams } from '@plenum/contracts';
import { responses } from '../../http/access.ts';
import { missingVoters } from './poll-views.ts';

/**
 * Who can vote now and has not voted yet (the chair's live register of who is still to vote), each
 * with how their vote can be cast. Allowed for secret polls too: participation is kept apart from
 * the ballots and may be shown (R23, R27); never how anyone voted. Before the poll opens there is
 * no roll, so the list is empty.
 */
export const pollMissingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.db;
  app.get(
    '/api/polls/:pollId/missing',
    {
      schema: {
        tags: ['polls'],
        params: PollParams,
        response: responses({ 200: MissingVoters }, 400, 401, 403, 404),
      },
      onRequest: app.requireStaff('chair'),
    },
    async (request) => missingVoters(db, request.params.pollId),
  );
};
