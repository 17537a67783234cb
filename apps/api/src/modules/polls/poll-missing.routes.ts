import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MissingVoters, PollParams } from '@plenum/contracts';
import { responses } from '../../http/access.ts';
import { ApiError } from '../../http/errors.ts';
import { missingVoters } from './poll-views.queries.ts';
import { findPoll } from './polls.queries.ts';

/**
 * Who on the poll's roll has not voted yet (the chair's live register of who is still to vote). Allowed for secret polls too:
 * participation is kept apart from the ballots and may be shown (R23, R27); never how anyone voted.
 * Before the poll opens there is no roll, so the list is empty.
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
    async (request) => {
      const { pollId } = request.params;
      if (!(await findPoll(db, pollId))) throw new ApiError(404, 'poll.not_found', 'No poll with this id.');
      const rows = await missingVoters(db, pollId);
      return {
        pollId,
        total: rows.length,
        members: rows.map((r) => ({
          memberId: r.id,
          memberNumber: r.member_number,
          name: `${r.given_name} ${r.family_name}`.trim(),
        })),
      };
    },
  );
};
