import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AssemblyParams } from '@plenum/contracts';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { responses } from '../src/http/access.ts';

// The `@ts-expect-error` lines are the test: `pnpm check` (tsc) fails the moment `responses()`
// loses the literal response map and a reply that contradicts its schema compiles again.
const Greeting = Type.Object({ assemblyId: Type.String(), greeting: Type.String() });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/ok/:assemblyId',
    { schema: { params: AssemblyParams, response: responses({ 200: Greeting }, 400, 404) } },
    async (request) => ({ assemblyId: request.params.assemblyId, greeting: 'hello' }),
  );
  app.get(
    '/nonsense',
    { schema: { response: responses({ 200: Greeting }, 404) } },
    // @ts-expect-error the body is not a Greeting
    async () => ({ nonsense: 42 }),
  );
  app.get(
    '/missing-field',
    { schema: { response: responses({ 200: Greeting }) } },
    // @ts-expect-error a required field is missing
    async () => ({ assemblyId: 'x' }),
  );
  app.post(
    '/created',
    { schema: { response: responses({ 201: Greeting }, 409) } },
    async (_request, reply) => {
      // @ts-expect-error a status the route does not declare
      reply.status(200);
      // @ts-expect-error the 201 body is checked too
      return reply.status(201).send({ nonsense: 42 });
    },
  );
  app.get('/error', { schema: { response: responses({ 200: Greeting }, 404) } }, async (_request, reply) =>
    reply.status(404).send({ error: { code: 'x.not_found', message: 'Not found.', details: {} } }),
  );
};

describe('responses() keeps reply types', () => {
  it('declares every error status with the error body and the success schema unchanged', () => {
    const map = responses({ 200: Greeting }, 400, 404);
    expect(Object.keys(map).sort()).toEqual(['200', '400', '404']);
    expect(map[200]).toBe(Greeting);
    expect(map[404]).toHaveProperty('properties.error');
  });

  it('serialises by the schema: an undeclared body would reach the client stripped', async () => {
    const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    await app.register(routes);
    const id = '00000000-0000-4000-8000-000000000001';
    const ok = await app.inject({ method: 'GET', url: `/ok/${id}` });
    expect(ok.json()).toEqual({ assemblyId: id, greeting: 'hello' });
    // What the type check prevents: the serializer refuses a body missing required fields.
    const nonsense = await app.inject({ method: 'GET', url: '/nonsense' });
    expect(nonsense.statusCode).toBe(500);
    const error = await app.inject({ method: 'GET', url: '/error' });
    expect(error.statusCode).toBe(404);
    expect(error.json()).toEqual({ error: { code: 'x.not_found', message: 'Not found.', details: {} } });
    await app.close();
  });
});
