import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, StaffUser, StaffUserCreateBody, StaffUserList } from '@plenum/contracts';
import { actorOf } from '../../http/auth.ts';
import { actorLabel } from '../context.ts';
import type { StaffUserRow } from './auth.queries.ts';
import { createStaffUser, listStaffUsers } from './staff-users.service.ts';

const toBody = (u: StaffUserRow) => ({
  id: u.id,
  username: u.username,
  role: u.role,
  displayName: u.displayName,
  createdAt: u.createdAt.toISOString(),
  disabledAt: u.disabledAt?.toISOString() ?? null,
});

/** Staff accounts, for admins only; password hashes never leave the database. */
export const staffUserRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/staff-users',
    {
      onRequest: app.requireStaff('admin'),
      schema: {
        tags: ['auth'],
        body: StaffUserCreateBody,
        response: { 201: StaffUser, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const user = await createStaffUser(app.services, request.body, actorLabel(actorOf(request)));
      return reply.status(201).send(toBody(user));
    },
  );

  app.get(
    '/api/staff-users',
    {
      onRequest: app.requireStaff('admin'),
      schema: { tags: ['auth'], response: { 200: StaffUserList, 401: ErrorBody, 403: ErrorBody } },
    },
    async () => ({ users: (await listStaffUsers(app.services.db)).map(toBody) }),
  );
};
