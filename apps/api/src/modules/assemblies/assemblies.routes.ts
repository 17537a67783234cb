import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AgendaItemBody,
  AgendaItemView,
  AssemblyParams,
  AssemblyView,
  CandidateBody,
  ConveneBody,
  CreateAssemblyBody,
  CurrentItemBody,
  CurrentItemView,
  ItemParams,
  LifecycleResult,
  Positioned,
  UpdateAssemblyBody,
} from '@plenum/contracts';
import { Type } from 'typebox';
import { assertAssemblyAccess, responses } from '../../http/access.ts';
import { actorOf } from '../../http/auth.ts';
import { requestOrigin } from '../auth/auth.session.ts';
import { addCandidate, listItems, setCurrentItem } from './agenda.service.ts';
import {
  addAgendaItem,
  assemblyView,
  createAssembly,
  listAssemblies,
  requireAssembly,
  updateAssembly,
} from './assemblies.service.ts';
import { closeAssembly, conveneAssembly, openAssembly } from './lifecycle.service.ts';

const tags = ['assemblies'];

/** Assemblies, their agenda and candidates. */
export const assembliesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const s = app.services;
  app.post(
    '/api/assemblies',
    {
      schema: {
        tags,
        body: CreateAssemblyBody,
        response: responses({ 201: AssemblyView }, 400, 401, 403, 422),
      },
      onRequest: app.requireStaff('admin'),
    },
    async (request, reply) => {
      const { id } = await createAssembly(s, request.body, actorOf(request));
      return reply.status(201).send(assemblyView(await requireAssembly(s.db, id)));
    },
  );
  app.get(
    '/api/assemblies',
    {
      schema: { tags, response: responses({ 200: Type.Array(AssemblyView) }, 401, 403) },
      // A teller picks the assembly to count in.
      onRequest: app.requireStaff('chair', 'desk', 'auditor', 'teller'),
    },
    async () => await listAssemblies(s.db),
  );
  app.get(
    '/api/assemblies/:assemblyId',
    {
      schema: {
        tags,
        params: AssemblyParams,
        response: responses({ 200: AssemblyView }, 400, 401, 403, 404),
      },
      onRequest: app.requireMemberOrStaff('chair', 'desk', 'auditor', 'teller'),
    },
    async (request) => {
      assertAssemblyAccess(request, request.params.assemblyId);
      return assemblyView(await requireAssembly(s.db, request.params.assemblyId));
    },
  );
  app.patch(
    '/api/assemblies/:assemblyId',
    {
      schema: {
        tags,
        params: AssemblyParams,
        body: UpdateAssemblyBody,
        response: responses({ 200: AssemblyView }, 400, 401, 403, 404, 409, 422),
      },
      onRequest: app.requireStaff('admin'),
    },
    async (request) => await updateAssembly(s, request.params.assemblyId, request.body, actorOf(request)),
  );
  app.post(
    '/api/assemblies/:assemblyId/items',
    {
      schema: {
        tags,
        params: AssemblyParams,
        body: AgendaItemBody,
        response: responses({ 201: Positioned }, 400, 401, 403, 404),
      },
      onRequest: app.requireStaff('admin'),
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addAgendaItem(s, request.params.assemblyId, request.body, actorOf(request))),
  );
  app.get(
    '/api/assemblies/:assemblyId/items',
    {
      schema: {
        tags,
        params: AssemblyParams,
        response: responses({ 200: Type.Array(AgendaItemView) }, 400, 401, 403, 404),
      },
      onRequest: app.requireMemberOrStaff('chair', 'desk', 'auditor'),
    },
    async (request) => {
      assertAssemblyAccess(request, request.params.assemblyId);
      return await listItems(s.db, request.params.assemblyId);
    },
  );
  app.post(
    '/api/assemblies/:assemblyId/items/:itemId/candidates',
    {
      schema: {
        tags,
        params: ItemParams,
        body: CandidateBody,
        response: responses({ 201: Positioned }, 400, 401, 403, 404, 409, 422),
      },
      onRequest: app.requireStaff('admin'),
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await addCandidate(
            s,
            request.params.assemblyId,
            request.params.itemId,
            request.body.memberId,
            actorOf(request),
          ),
        ),
  );
  app.put(
    '/api/assemblies/:assemblyId/current-item',
    {
      schema: {
        tags,
        params: AssemblyParams,
        body: CurrentItemBody,
        response: responses({ 200: CurrentItemView }, 400, 401, 403, 404),
      },
      onRequest: app.requireStaff('chair'),
    },
    async (request) => setCurrentItem(s, request.params.assemblyId, request.body.itemId, actorOf(request)),
  );
  // The lifecycle: preparation → convened → open → closed, one step each (chair or admin).
  app.post(
    '/api/assemblies/:assemblyId/convene',
    {
      schema: {
        tags,
        params: AssemblyParams,
        body: ConveneBody,
        response: responses({ 200: LifecycleResult }, 400, 401, 403, 404, 409, 422),
      },
      onRequest: app.requireStaff('chair'),
    },
    async (request) =>
      await conveneAssembly(
        s,
        request.params.assemblyId,
        request.body,
        actorOf(request),
        requestOrigin(request),
      ),
  );
  app.post(
    '/api/assemblies/:assemblyId/open',
    {
      schema: {
        tags,
        params: AssemblyParams,
        response: responses({ 200: LifecycleResult }, 400, 401, 403, 404, 409),
      },
      onRequest: app.requireStaff('chair'),
    },
    async (request) => await openAssembly(s, request.params.assemblyId, actorOf(request)),
  );
  app.post(
    '/api/assemblies/:assemblyId/close',
    {
      schema: {
        tags,
        params: AssemblyParams,
        response: responses({ 200: LifecycleResult }, 400, 401, 403, 404, 409),
      },
      onRequest: app.requireStaff('chair'),
    },
    async (request) => await closeAssembly(s, request.params.assemblyId, actorOf(request)),
  );
};
