import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AssemblyParams,
  AttendanceSummary,
  CheckInBody,
  CheckInManyBody,
  CheckInManyResponse,
  CheckInResponse,
  CheckOutResponse,
  DeskStanding,
  DeskStandingQuery,
  GrantProxyBody,
  ObjectionBody,
  ObjectionView,
  ProxyGranted,
  ProxyView,
  RevokeProxyBody,
} from '@plenum/contracts';
import { Type } from 'typebox';
import type { Db } from '../../db/types.ts';
import { assertAssemblyAccess, responses } from '../../http/access.ts';
import { actorOf, memberOf } from '../../http/auth.ts';
import { ApiError } from '../../http/errors.ts';
import { findMemberIdByNumber } from '../members/members.queries.ts';
import { listObjections, recordObjection } from '../objections/objections.service.ts';
import { listProxies } from '../proxies/proxies.queries.ts';
import { grantProxy, revokeGrant } from '../proxies/proxies.service.ts';
import { attendanceSummary, deskStanding } from './attendance.queries.ts';
import { checkIn, checkInMany, checkOut } from './attendance.service.ts';

const GrantParams = Type.Object(
  { assemblyId: Type.String({ format: 'uuid' }), grantId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);

/** The desk finds a member by id or member number. */
async function resolveMember(
  db: Db,
  body: { memberId?: string | undefined; memberNumber?: string | undefined },
): Promise<string> {
  if (body.memberId) return body.memberId;
  if (!body.memberNumber)
    throw new ApiError(400, 'request.invalid', 'Name the member by memberId or memberNumber.');
  const row = await findMemberIdByNumber(db, body.memberNumber.trim());
  if (!row)
    throw new ApiError(404, 'member.not_found', 'No member with this member number.', {
      memberNumber: body.memberNumber,
    });
  return row.id;
}

/** Check-in desk: attendance, proxies and objections for the minutes. */
export const attendanceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const s = app.services;
  const desk = app.requireStaff('desk', 'chair');
  app.post(
    '/api/assemblies/:assemblyId/attendance/check-in',
    {
      schema: {
        tags: ['attendance'],
        params: AssemblyParams,
        body: CheckInBody,
        response: responses({ 201: CheckInResponse }, 400, 401, 403, 404, 409),
      },
      onRequest: desk,
    },
    async (request, reply) => {
      const memberId = await resolveMember(s.db, request.body);
      const result = await checkIn(
        s,
        request.params.assemblyId,
        memberId,
        request.body.channel ?? 'room',
        actorOf(request),
      );
      return reply.status(201).send(result);
    },
  );
  // Many members at once (one transaction, one answer line per member number).
  app.post(
    '/api/assemblies/:assemblyId/attendance/check-in-many',
    {
      schema: {
        tags: ['attendance'],
        params: AssemblyParams,
        body: CheckInManyBody,
        response: responses({ 200: CheckInManyResponse }, 400, 401, 403, 404, 409),
      },
      onRequest: desk,
    },
    async (request) =>
      checkInMany(
        s,
        request.params.assemblyId,
        request.body.memberNumbers,
        request.body.channel ?? 'room',
        actorOf(request),
      ),
  );
  app.post(
    '/api/assemblies/:assemblyId/attendance/check-out',
    {
      schema: {
        tags: ['attendance'],
        params: AssemblyParams,
        body: CheckInBody,
        response: responses({ 200: CheckOutResponse }, 400, 401, 403, 404, 409),
      },
      onRequest: desk,
    },
    async (request) =>
      checkOut(s, request.params.assemblyId, await resolveMember(s.db, request.body), actorOf(request)),
  );
  // R25: a member checks in online for a virtual or hybrid assembly, authenticated by their code.
  app.post(
    '/api/assemblies/:assemblyId/attendance/self',
    {
      schema: {
        tags: ['attendance'],
        params: AssemblyParams,
        response: responses({ 201: CheckInResponse }, 400, 401, 403, 404, 409),
      },
      onRequest: app.requireMember(),
    },
    async (request, reply) => {
      const member = memberOf(request);
      assertAssemblyAccess(request, request.params.assemblyId);
      const result = await checkIn(s, request.params.assemblyId, member.memberId, 'online', actorOf(request));
      return reply.status(201).send(result);
    },
  );
  app.get(
    '/api/assemblies/:assemblyId/attendance',
    {
      schema: {
        tags: ['attendance'],
        params: AssemblyParams,
        response: responses({ 200: AttendanceSummary }, 400, 401, 403),
      },
      onRequest: app.requireMemberOrStaff('desk', 'chair', 'auditor'),
    },
    async (request) => {
      assertAssemblyAccess(request, request.params.assemblyId);
      return attendanceSummary(s.db, request.params.assemblyId);
    },
  );
  app.post(
    '/api/assemblies/:assemblyId/proxies',
    {
      schema: {
        tags: ['proxies'],
        params: AssemblyParams,
        body: GrantProxyBody,
        response: responses({ 201: ProxyGranted }, 400, 401, 403, 404, 422),
      },
      onRequest: desk,
    },
    async (request, reply) =>
      reply.status(201).send(await grantProxy(s, request.params.assemblyId, request.body, actorOf(request))),
  );
  app.get(
    '/api/assemblies/:assemblyId/attendance/standing',
    {
      schema: {
        tags: ['attendance'],
        params: AssemblyParams,
        querystring: DeskStandingQuery,
        response: responses({ 200: DeskStanding }, 400, 401, 403),
      },
      onRequest: app.requireStaff('desk', 'chair'),
    },
    async (request) => {
      const ids = [...new Set(request.query.memberIds.split(',').map((x) => x.trim()))];
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
      if (ids.length > 50 || !ids.every((id) => uuid.test(id)))
        throw new ApiError(400, 'request.invalid', 'memberIds: at most 50 member ids, comma-separated.');
      return deskStanding(s.db, request.params.assemblyId, ids);
    },
  );
  app.get(
    '/api/assemblies/:assemblyId/proxies',
    {
      schema: {
        tags: ['proxies'],
        params: AssemblyParams,
        response: responses({ 200: Type.Array(ProxyView) }, 400, 401, 403),
      },
      onRequest: app.requireStaff('desk', 'chair', 'auditor'),
    },
    async (request) => listProxies(s.db, request.params.assemblyId),
  );
  app.post(
    '/api/assemblies/:assemblyId/proxies/:grantId/revoke',
    {
      schema: {
        tags: ['proxies'],
        params: GrantParams,
        body: RevokeProxyBody,
        response: responses(
          { 200: Type.Object({ id: Type.String(), status: Type.Literal('revoked') }) },
          400,
          401,
          403,
          404,
          409,
        ),
      },
      onRequest: desk,
    },
    async (request) =>
      revokeGrant(s, request.params.assemblyId, request.params.grantId, request.body.by, actorOf(request)),
  );
  app.post(
    '/api/assemblies/:assemblyId/objections',
    {
      schema: {
        tags: ['objections'],
        params: AssemblyParams,
        body: ObjectionBody,
        response: responses({ 201: ObjectionView }, 400, 401, 403, 404),
      },
      onRequest: desk,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await recordObjection(s, request.params.assemblyId, request.body, actorOf(request))),
  );
  app.get(
    '/api/assemblies/:assemblyId/objections',
    {
      schema: {
        tags: ['objections'],
        params: AssemblyParams,
        response: responses({ 200: Type.Array(ObjectionView) }, 400, 401, 403),
      },
      onRequest: app.requireStaff('chair', 'auditor'),
    },
    async (request) => listObjections(s.db, request.params.assemblyId),
  );
};
