import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AdmitFloorMotionBody,
  AssemblyParams,
  FloorMotionList,
  FloorMotionParams,
  FloorMotionResultBody,
  FloorMotionView,
  PutToVoteResult,
  RejectFloorMotionBody,
  SubmitFloorMotionBody,
} from '@plenum/contracts';
import type { FastifyRequest } from 'fastify';
import { assertAssemblyAccess, responses } from '../../http/access.ts';
import { actorOf, memberOf } from '../../http/auth.ts';
import {
  decideOnFloorMotion,
  listFloorMotions,
  myFloorMotions,
  putNextToVote,
  recordFloorMotionResult,
  submitFloorMotion,
} from './floor-motions.service.ts';

/** Motions from the floor: members move them on the current item, the chair admits and puts them to the vote. */
export const floorMotionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const s = app.services;
  const chair = app.requireStaff('chair');
  const tags = ['floor-motions'];
  const base = '/api/assemblies/:assemblyId/floor-motions';
  // A member token stays in its own assembly, checked before the body is validated (403 before 400).
  const ownAssembly = async (request: FastifyRequest) => {
    const { assemblyId } = request.params as { assemblyId?: string };
    if (assemblyId) assertAssemblyAccess(request, assemblyId);
  };

  app.get(
    `${base}/mine`,
    {
      schema: {
        tags,
        params: AssemblyParams,
        response: responses({ 200: FloorMotionList }, 400, 401, 403, 404),
      },
      onRequest: app.requireMember(),
    },
    async (request) => {
      assertAssemblyAccess(request, request.params.assemblyId);
      return myFloorMotions(s.db, request.params.assemblyId, memberOf(request).memberId);
    },
  );
  // R25: in the room or online, a member present moves a motion the same way; R17 judges it.
  app.post(
    base,
    {
      schema: {
        tags,
        params: AssemblyParams,
        body: SubmitFloorMotionBody,
        response: responses({ 201: FloorMotionView }, 400, 401, 403, 404, 409, 422),
      },
      onRequest: [app.requireMember(), ownAssembly],
    },
    async (request, reply) => {
      assertAssemblyAccess(request, request.params.assemblyId);
      const motion = await submitFloorMotion(
        s,
        request.params.assemblyId,
        memberOf(request).memberId,
        request.body,
      );
      return reply.status(201).send(motion);
    },
  );
  app.get(
    base,
    {
      schema: {
        tags,
        params: AssemblyParams,
        response: responses({ 200: FloorMotionList }, 400, 401, 403, 404),
      },
      onRequest: chair,
    },
    async (request) => listFloorMotions(s.db, request.params.assemblyId),
  );
  app.post(
    `${base}/:motionId/admit`,
    {
      schema: {
        tags,
        params: FloorMotionParams,
        body: AdmitFloorMotionBody,
        response: responses({ 200: FloorMotionView }, 400, 401, 403, 404, 409),
      },
      onRequest: chair,
    },
    async (request) =>
      decideOnFloorMotion(
        s,
        request.params.assemblyId,
        request.params.motionId,
        { admit: true, reach: request.body.reach },
        actorOf(request),
      ),
  );
  app.post(
    `${base}/:motionId/reject`,
    {
      schema: {
        tags,
        params: FloorMotionParams,
        body: RejectFloorMotionBody,
        response: responses({ 200: FloorMotionView }, 400, 401, 403, 404, 409),
      },
      onRequest: chair,
    },
    async (request) =>
      decideOnFloorMotion(
        s,
        request.params.assemblyId,
        request.params.motionId,
        { admit: false, reason: request.body.reason },
        actorOf(request),
      ),
  );
  app.post(
    `${base}/vote`,
    {
      schema: {
        tags,
        params: AssemblyParams,
        response: responses({ 201: PutToVoteResult }, 400, 401, 403, 404, 409, 422),
      },
      onRequest: chair,
    },
    async (request, reply) =>
      reply.status(201).send(await putNextToVote(s, request.params.assemblyId, actorOf(request))),
  );
  app.post(
    `${base}/:motionId/result`,
    {
      schema: {
        tags,
        params: FloorMotionParams,
        body: FloorMotionResultBody,
        response: responses({ 200: FloorMotionView }, 400, 401, 403, 404, 409),
      },
      onRequest: chair,
    },
    async (request) =>
      recordFloorMotionResult(
        s,
        request.params.assemblyId,
        request.params.motionId,
        request.body,
        actorOf(request),
      ),
  );
};
