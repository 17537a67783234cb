import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AccessCodesParams,
  LoginThrottleList,
  MemberThrottleLiftBody,
  StaffThrottleLiftBody,
  ThrottleLifted,
} from '@plenum/contracts';
import { responses } from '../../http/access.ts';
import { actorOf } from '../../http/auth.ts';
import { actorLabel } from '../context.ts';
import type { ThrottlePolicy } from './login-throttle.queries.ts';
import {
  liftMemberThrottles,
  liftStaffThrottles,
  memberThrottles,
  staffThrottles,
} from './login-throttle.service.ts';

/**
 * Login throttles: the desk and the chair see which member logins are slowed down from which
 * address and let them try again at once; admins do the same for staff logins.
 */
export const loginThrottleRoutes =
  (policy: ThrottlePolicy): FastifyPluginAsyncTypebox =>
  async (app) => {
    const maxDelaySeconds = Math.round(policy.maxDelayMs / 1000);
    app.get(
      '/api/assemblies/:assemblyId/login-throttles',
      {
        onRequest: app.requireStaff('desk', 'chair'),
        schema: {
          tags: ['auth'],
          params: AccessCodesParams,
          response: responses({ 200: LoginThrottleList }, 400, 401, 403, 404),
        },
      },
      async (request) => ({
        throttles: await memberThrottles(app.services, request.params.assemblyId, policy),
        maxDelaySeconds,
      }),
    );

    app.post(
      '/api/assemblies/:assemblyId/login-throttles/lift',
      {
        onRequest: app.requireStaff('desk', 'chair'),
        schema: {
          tags: ['auth'],
          params: AccessCodesParams,
          body: MemberThrottleLiftBody,
          response: responses({ 200: ThrottleLifted }, 400, 401, 403, 404),
        },
      },
      async (request) => ({
        lifted: await liftMemberThrottles(
          app.services,
          request.params.assemblyId,
          request.body.memberNumber,
          actorLabel(actorOf(request)),
        ),
      }),
    );

    app.get(
      '/api/login-throttles',
      {
        onRequest: app.requireStaff('admin'),
        schema: { tags: ['auth'], response: responses({ 200: LoginThrottleList }, 401, 403) },
      },
      async () => ({ throttles: await staffThrottles(app.services, policy), maxDelaySeconds }),
    );

    app.post(
      '/api/login-throttles/lift',
      {
        onRequest: app.requireStaff('admin'),
        schema: {
          tags: ['auth'],
          body: StaffThrottleLiftBody,
          response: responses({ 200: ThrottleLifted }, 400, 401, 403),
        },
      },
      async (request) => ({
        lifted: await liftStaffThrottles(app.services, request.body.username, actorLabel(actorOf(request))),
      }),
    );
  };
