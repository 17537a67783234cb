/**
 * The trivial-route ceiling: Fastify answering {ok:true} with nothing behind it, in its own
 * process like an API process. What the load generator and HTTP alone cost on this machine.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/api/health', async () => ({ ok: true }));
app.post('/api/ok', async () => ({ ok: true }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
process.on('SIGTERM', () => {
  app.close().then(() => process.exit(0));
});
