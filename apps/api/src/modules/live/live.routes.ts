import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, LiveParams, LiveSnapshot, Text } from '@plenum/contracts';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ApiError } from '../../http/errors.ts';
import type { LiveHub } from './live.hub.ts';
import { isBehind, parseEventId, SseStream, snapshotFrame } from './live.stream.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

const EventsHeaders = Type.Object({
  'last-event-id': Type.Optional(
    Text({
      maxLength: 64,
      description: 'Sent by EventSource on reconnect: the id of the last event it got.',
    }),
  ),
});

/** Any member logged in to this assembly, or any staff user (chair, desk, projector screens …). */
function checkAccess(request: FastifyRequest, assemblyId: string): void {
  const user = request.user;
  if (user.kind === 'member' && user.assemblyId !== assemblyId) {
    throw new ApiError(403, 'auth.forbidden', 'You are logged in to another assembly.', { assemblyId });
  }
}

const notFound = (assemblyId: string) =>
  new ApiError(404, 'assembly.not_found', 'No assembly with this id.', { assemblyId });

/**
 * The live view of an assembly: an SSE stream of whole-state `snapshot` events, and the same
 * snapshot as JSON for a first paint.
 */
export const liveRoutes =
  (hub: LiveHub): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Open streams never end by themselves; close them first so app.close() can finish.
    app.addHook('preClose', async () => hub.close());

    app.get(
      '/api/assemblies/:assemblyId/live',
      {
        onRequest: app.requireLogin(),
        schema: { tags: ['live'], params: LiveParams, response: { 200: LiveSnapshot, ...errors } },
      },
      async (request) => {
        const { assemblyId } = request.params;
        checkAccess(request, assemblyId);
        const snapshot = await hub.current(assemblyId);
        if (!snapshot) throw notFound(assemblyId);
        return snapshot;
      },
    );

    app.get(
      '/api/assemblies/:assemblyId/events',
      {
        onRequest: app.requireLogin(),
        schema: {
          tags: ['live'],
          description:
            'Server-Sent Events. Each `snapshot` event carries the whole LiveSnapshot; its id is ' +
            '`<seq>.<digest>`: the database-wide live sequence and a digest of the content, so ' +
            'Last-Event-ID works against any API process: a client whose state differs from the ' +
            'current one gets the current snapshot at once, one that is up to date gets nothing ' +
            'until the next change. At most 4 snapshots a second. Every 15 s a comment line ' +
            '(for proxies) and a `heartbeat` event (for the page, whose EventSource hides ' +
            'comments) keep the connection alive; a client that hears neither a snapshot nor a ' +
            'heartbeat for 30 s should treat its state as stale and reconnect.',
          params: LiveParams,
          headers: EventsHeaders,
          response: {
            200: {
              description: 'The event stream.',
              content: { 'text/event-stream': { schema: Type.String() } },
            },
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const { assemblyId } = request.params;
        checkAccess(request, assemblyId);
        const stream = new SseStream(reply.raw);
        const snapshot = await hub.subscribe(assemblyId, stream);
        if (!snapshot) throw notFound(assemblyId);
        // From here on the response is ours: Fastify sends nothing more.
        reply.hijack();
        if (stream.closed) return;
        stream.open();
        if (isBehind(parseEventId(request.headers['last-event-id']), snapshot)) {
          stream.send(snapshotFrame(snapshot));
        }
      },
    );
  };
