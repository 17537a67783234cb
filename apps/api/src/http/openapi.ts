import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { rolesOfHooks } from './auth.ts';

function describeRole(role: string): string {
  if (role === 'login') return 'anyone logged in (member or staff)';
  if (role === 'member') return 'a member logged in to the assembly';
  return `staff with the role ${role.slice('staff:'.length)}`;
}

/** OpenAPI 3 at /api/openapi.json and the docs at /api/docs, generated from the route schemas. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Plenum API',
        description:
          'General assemblies of cooperatives under GenG. Every error has the shape ' +
          '{ "error": { "code", "message", "details" } }; codes are listed in packages/contracts and the README.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'plenum_token' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    // Each operation names who may call it, read off the guard the route really runs.
    transform: ({ schema, url, route }) => {
      const roles = rolesOfHooks(route.onRequest);
      const who = roles === null ? 'public (no login)' : roles.map(describeRole).join(', ');
      const base = (schema ?? {}) as Record<string, unknown>;
      const description = typeof base.description === 'string' ? `${base.description}\n\n` : '';
      return {
        schema: {
          ...base,
          description: `${description}**Who may call it:** ${who}.`,
          'x-roles': roles ?? ['public'],
          ...(roles === null ? { security: [] } : {}),
        } as typeof schema,
        url,
      };
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
