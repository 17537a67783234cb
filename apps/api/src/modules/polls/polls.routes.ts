import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AcceptanceBody,
  AcceptanceResponse,
  AssemblyParams,
  CastBody,
  CastResponse,
  CorrectionBody,
  CreatePollBody,
  DeclareBody,
  DrawLotBody,
  MyReceipts,
  MyVotesView,
  PollParams,
  PollView,
  ReceiptCheckBody,
  ReceiptCheckResponse,
  ReceiptLookupResponse,
} from '@plenum/contracts';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { assertAssemblyAccess, responses } from '../../http/access.ts';
import { actorOf, memberOf } from '../../http/auth.ts';
import { castAdvanceVotes } from '../ballots/advance-votes.service.ts';
import { castBallots, checkReceipt, checkReceiptCode, myReceipts } from '../ballots/ballots.service.ts';
import { decodeReceiptKey } from '../ballots/member-receipts.ts';
import { declarePollAndPrepare, drawLot } from './lots.service.ts';
import { correctPollDeclaration } from './poll-results.service.ts';
import { listPolls, myVotes, pollView } from './poll-views.ts';
import { findPoll } from './polls.queries.ts';
import { closePoll, createPoll, openPoll, recordAcceptance } from './polls.service.ts';

const tags = ['polls'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Polls: create, open, close, declare, results, casting and receipts. */
export const pollsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const s = app.services;
  const chair = app.requireStaff('chair');
  const view = (pollId: string) => pollView(s.db, pollId);
  /** A member sees only polls of their own assembly. */
  const guard = async (request: FastifyRequest, pollId: string) => {
    const poll = await findPoll(s.db, pollId);
    if (poll) assertAssemblyAccess(request, poll.assembly_id);
  };
  /**
   * The same check before the body is read, without a round trip once a poll is known: a poll
   * never moves to another assembly, so its assembly is kept (a few thousand polls per process at
   * most). A malformed id is left to the schema (400); only a well-formed one can name a poll.
   */
  const assemblyOfPoll = new Map<string, string>();
  const pollOfOwnAssembly = async (request: FastifyRequest) => {
    const { pollId } = request.params as { pollId?: string };
    if (!pollId || !UUID.test(pollId)) return;
    let assemblyId = assemblyOfPoll.get(pollId);
    if (assemblyId === undefined) {
      assemblyId = (await findPoll(s.db, pollId))?.assembly_id;
      if (assemblyId === undefined) return;
      if (assemblyOfPoll.size >= 10_000) assemblyOfPoll.clear();
      assemblyOfPoll.set(pollId, assemblyId);
    }
    assertAssemblyAccess(request, assemblyId);
  };

  app.post(
    '/api/assemblies/:assemblyId/polls',
    {
      schema: {
        tags,
        params: AssemblyParams,
        body: CreatePollBody,
        response: responses({ 201: PollView }, 400, 401, 403, 404, 409, 422),
      },
      onRequest: chair,
    },
    async (request, reply) => {
      const poll = await createPoll(s, request.params.assemblyId, request.body, actorOf(request));
      return reply.status(201).send(await view(poll.id));
    },
  );
  app.get(
    '/api/assemblies/:assemblyId/polls',
    {
      schema: {
        tags,
        params: AssemblyParams,
        response: responses({ 200: Type.Array(PollView) }, 400, 401, 403),
      },
      onRequest: app.requireMemberOrStaff('chair', 'desk', 'auditor'),
    },
    async (request) => {
      assertAssemblyAccess(request, request.params.assemblyId);
      return await listPolls(s.db, request.params.assemblyId);
    },
  );
  app.get(
    '/api/polls/:pollId',
    {
      schema: { tags, params: PollParams, response: responses({ 200: PollView }, 400, 401, 403, 404) },
      onRequest: app.requireMemberOrStaff('chair', 'desk', 'auditor'),
    },
    async (request) => {
      await guard(request, request.params.pollId);
      return view(request.params.pollId);
    },
  );
  for (const [action, run] of [
    ['open', openPoll],
    ['close', closePoll],
  ] as const) {
    app.post(
      `/api/polls/:pollId/${action}`,
      {
        schema: {
          tags,
          params: PollParams,
          response: responses({ 200: PollView }, 400, 401, 403, 404, 409, 422),
        },
        onRequest: chair,
      },
      async (request) => {
        await run(s, request.params.pollId, actorOf(request));
        return view(request.params.pollId);
      },
    );
  }
  app.post(
    '/api/polls/:pollId/declare',
    {
      schema: {
        tags,
        params: PollParams,
        body: DeclareBody,
        response: responses({ 200: PollView }, 400, 401, 403, 404, 409, 422),
      },
      onRequest: chair,
    },
    async (request) => {
      // R22: a tie the statute settles by run-off gets its run-off round prepared once declared.
      await declarePollAndPrepare(s, request.params.pollId, request.body, actorOf(request));
      return view(request.params.pollId);
    },
  );
  app.post(
    '/api/polls/:pollId/declaration-corrections',
    {
      schema: {
        tags,
        params: PollParams,
        body: CorrectionBody,
        response: responses({ 201: PollView }, 400, 401, 403, 404, 409, 422),
      },
      onRequest: chair,
    },
    async (request, reply) => {
      await correctPollDeclaration(s, request.params.pollId, request.body, actorOf(request));
      return reply.status(201).send(await view(request.params.pollId));
    },
  );
  app.post(
    '/api/polls/:pollId/lot',
    {
      schema: {
        tags,
        summary: 'R22: the chair draws the lot for a tie on the last seats (ledger SPEC.md §11).',
        params: PollParams,
        body: DrawLotBody,
        response: responses({ 200: PollView }, 400, 401, 403, 404, 409, 422),
      },
      onRequest: chair,
    },
    async (request) => {
      await drawLot(s, request.params.pollId, request.body ?? {}, actorOf(request));
      return view(request.params.pollId);
    },
  );
  app.post(
    '/api/polls/:pollId/acceptances',
    {
      schema: {
        tags,
        params: PollParams,
        body: AcceptanceBody,
        response: responses({ 200: AcceptanceResponse }, 400, 401, 403, 404, 409, 422),
      },
      onRequest: chair,
    },
    async (request) => await recordAcceptance(s, request.params.pollId, request.body, actorOf(request)),
  );
  app.get(
    '/api/polls/:pollId/my-votes',
    {
      schema: { tags, params: PollParams, response: responses({ 200: MyVotesView }, 400, 401, 403, 404) },
      onRequest: app.requireMember(),
    },
    async (request) => {
      const member = memberOf(request);
      await guard(request, request.params.pollId);
      return await myVotes(s.db, request.params.pollId, member.memberId);
    },
  );
  // Casting in the poll, and C8 advance votes before it opens (superseded by a vote in it, R5):
  // a proxy holder sends every represented member's vote in one request.
  for (const [path, cast] of [
    ['votes', castBallots],
    ['advance-votes', castAdvanceVotes],
  ] as const) {
    app.post(
      `/api/polls/:pollId/${path}`,
      {
        schema: {
          tags,
          params: PollParams,
          body: CastBody,
          response: responses({ 201: CastResponse }, 400, 401, 403, 404, 409),
        },
        // The poll's assembly is checked before the body is validated, like the role (403 before 400);
        // the handler does not look it up a second time.
        onRequest: [app.requireMember(), pollOfOwnAssembly],
      },
      async (request, reply) => {
        const member = memberOf(request);
        const { pollId } = request.params;
        const { votes, requestId } = request.body;
        const receiptKey = decodeReceiptKey(member.rk);
        const receipts = await cast(s, { pollId, voterId: member.memberId, votes, requestId, receiptKey });
        return reply.status(201).send({ pollId, receipts });
      },
    );
  }
  // Anyone holding a receipt may check it, logged in or not: it reveals only "counted" (R23).
  app.post(
    '/api/polls/:pollId/receipts/check',
    {
      schema: {
        tags,
        params: PollParams,
        body: ReceiptCheckBody,
        response: responses({ 200: ReceiptCheckResponse }, 400, 404, 409),
      },
    },
    async (request) => checkReceipt(s, request.params.pollId, request.body.receipt),
  );
  // The same by the code alone: the server finds the poll among the closed ones.
  app.post(
    '/api/receipts/check',
    {
      schema: {
        tags,
        body: ReceiptCheckBody,
        response: responses({ 200: ReceiptLookupResponse }, 400),
      },
    },
    async (request) => checkReceiptCode(s, request.body.receipt),
  );
  // A member's own receipts in this assembly, from any device (sealed under their own key).
  app.get(
    '/api/assemblies/:assemblyId/my-receipts',
    {
      schema: {
        tags,
        params: AssemblyParams,
        response: responses({ 200: MyReceipts }, 400, 401, 403),
      },
      onRequest: app.requireMember(),
    },
    async (request) => {
      assertAssemblyAccess(request, request.params.assemblyId);
      const member = memberOf(request);
      return myReceipts(s, request.params.assemblyId, member.memberId, decodeReceiptKey(member.rk));
    },
  );
};
