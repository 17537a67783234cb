import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { errorBody } from '@plenum/contracts';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built SvelteKit app on the API's own port. Unknown paths under /api answer a JSON
 * 404; every other unknown path gets the app's fallback page, which routes on the client.
 */
export async function registerWeb(app: FastifyInstance, webDir: string | undefined): Promise<void> {
  if (webDir) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: ['index.html'],
      setHeaders(res, path) {
        // Hashed build assets never change; the fallback page must always be fresh.
        const immutable = path.includes(join('_app', 'immutable'));
        res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path === '/api' || path.startsWith('/api/') || !webDir || request.method !== 'GET') {
      return reply.status(404).send(
        errorBody('route.not_found', `No route for ${request.method} ${path}.`, {
          method: request.method,
          path,
        }),
      );
    }
    return reply.header('cache-control', 'no-cache').type('text/html').sendFile('index.html');
  });
}
