import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AssemblyParams,
  CallSpeakerBody,
  MySpeakRequest,
  SpeakersView,
  SpeakingTimerBody,
  SpeakRequestBody,
} from '@plenum/contracts';
import { assertAssemblyAccess, responses } from '../../http/access.ts';
import { actorOf, memberOf } from '../../http/auth.ts';
import {
  callSpeaker,
  myRequest,
  requestToSpeak,
  setListClosed,
  setTimer,
  speakersView,
  withdrawRequest,
} from './speakers.service.ts';

/** The speakers' list of the current item: members request and withdraw, the chair runs it. */
export const speakersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const s = app.services;
  const chair = app.requireStaff('chair');
  const base = '/api/assemblies/:assemblyId/speakers';

  app.get(
    `${base}/mine`,
    {
      schema: {
        tags: ['speakers'],
        params: AssemblyParams,
        response: responses({ 200: MySpeakRequest }, 400, 401, 403, 404),
      },
      onRequest: app.requireMember(),
    },
    async (request) => {
      assertAssemblyAccess(request, request.params.assemblyId);
      return myRequest(s.db, request.params.assemblyId, memberOf(request).memberId);
    },
  );
  // R25: in the room or online, a member present asks to speak the same way.
  app.post(
    `${base}/mine`,
    {
      schema: {
        tags: ['speakers'],
        params: AssemblyParams,
        body: SpeakRequestBody,
        response: responses({ 201: MySpeakRequest }, 400, 401, 403, 404, 409),
      },
      onRequest: app.requireMember(),
    },
    async (request, reply) => {
      assertAssemblyAccess(request, request.params.assemblyId);
      const mine = await requestToSpeak(
        s,
        request.params.assemblyId,
        memberOf(request).memberId,
        request.body.pointOfOrder ?? false,
      );
      return reply.status(201).send(mine);
    },
  );
  app.delete(
    `${base}/mine`,
    {
      schema: {
        tags: ['speakers'],
        params: AssemblyParams,
        response: responses({ 200: MySpeakRequest }, 400, 401, 403, 404, 409),
      },
      onRequest: app.requireMember(),
    },
    async (request) => {
      assertAssemblyAccess(request, request.params.assemblyId);
      return withdrawRequest(s, request.params.assemblyId, memberOf(request).memberId);
    },
  );
  app.get(
    base,
    {
      schema: {
        tags: ['speakers'],
        params: AssemblyParams,
        response: responses({ 200: SpeakersView }, 400, 401, 403, 404),
      },
      onRequest: chair,
    },
    async (request) => speakersView(s.db, request.params.assemblyId),
  );
  app.post(
    `${base}/next`,
    {
      schema: {
        tags: ['speakers'],
        params: AssemblyParams,
        response: responses({ 200: SpeakersView }, 400, 401, 403, 404, 409),
      },
      onRequest: chair,
    },
    async (request) => callSpeaker(s, request.params.assemblyId, undefined, actorOf(request)),
  );
  app.post(
    `${base}/call`,
    {
      schema: {
        tags: ['speakers'],
        params: AssemblyParams,
        body: CallSpeakerBody,
        response: responses({ 200: SpeakersView }, 400, 401, 403, 404, 409),
      },
      onRequest: chair,
    },
    async (request) => callSpeaker(s, request.params.assemblyId, request.body.requestId, actorOf(request)),
  );
  app.post(
    `${base}/timer/start`,
    {
      schema: {
        tags: ['speakers'],
        params: AssemblyParams,
        body: SpeakingTimerBody,
        response: responses({ 200: SpeakersView }, 400, 401, 403, 404, 409),
      },
      onRequest: chair,
    },
    async (request) => setTimer(s, request.params.assemblyId, true, request.body.seconds),
  );
  app.post(
    `${base}/timer/stop`,
    {
      schema: {
        tags: ['speakers'],
        params: AssemblyParams,
        response: responses({ 200: SpeakersView }, 400, 401, 403, 404, 409),
      },
      onRequest: chair,
    },
    async (request) => setTimer(s, request.params.assemblyId, false),
  );
  for (const [path, close] of [
    ['close', true],
    ['reopen', false],
  ] as const) {
    app.post(
      `${base}/${path}`,
      {
        schema: {
          tags: ['speakers'],
          params: AssemblyParams,
          response: responses({ 200: SpeakersView }, 400, 401, 403, 404, 409),
        },
        onRequest: chair,
      },
      async (request) => setListClosed(s, request.params.assemblyId, close, actorOf(request)),
    );
  }
};
