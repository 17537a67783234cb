import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, StaffUser, StaffUserCreateBody, StaffUserList, StaffUserParams } from '@plenum/contracts';
import { actorOf, staffSessionKey } from '../../http/auth.ts';
import { actorLabel } from '../context.ts';
import type { StaffUserRow } from './auth.queries.ts';
import { createStaffUser, listStaffUsers, setStaffUserDisabled } from './staff-users.service.ts';

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

  // Disabling ends the account's sessions at once: the session version moves on (http/auth.ts).
  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/api/staff-users/:userId/${action}`,
      {
        onRequest: app.requireStaff('admin'),
        schema: {
          tags: ['auth'],
          params: StaffUserParams,
          response: { 200: StaffUser, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
        },
      },
      async (request) => {
        const user = await setStaffUserDisabled(
          app.services,
          request.params.userId,
          disabled,
          actorLabel(actorOf(request)),
        );
        app.sessions.forget(staffSessionKey(user.username));
        return toBody(user);
      },
    );
  }
};
