import { request as httpRequest, type IncomingMessage } from 'node:http';
import { type Bundle, verifyBundle } from '@plenum/ledger/verify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp } from './support/app.ts';
import { bearer, staffToken } from './support/auth.ts';
import { checkInAll, newAssembly, seedMembers } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

/**
 * The bundle download on the embedded database, which has one connection for everything: a
 * client that stops reading in the middle of a large download (a phone losing its network) must
 * not hold the export's transaction, or every other request of the assembly would wait for it.
 */
describe('a stalled bundle download on the embedded database', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  let assemblyId: string;
  beforeAll(async () => {
    database = await createTestDatabase({ driver: 'pglite' });
    app = await buildTestApp(database, { signingKeySeed: Buffer.alloc(32, 5).toString('base64') });
    const members = await seedMembers(database, 40_000);
    assemblyId = await newAssembly(app.services);
    await checkInAll(database, assemblyId, members);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('other requests are answered while the download stalls, and the file arrives whole and signed afterwards', async () => {
    const url = new URL(`${base}/api/assemblies/${assemblyId}/export/bundle.json`);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(url, { headers: bearer(staffToken(app, 'auditor')) }, resolve);
      req.on('error', reject);
      req.end();
    });
    expect(response.statusCode).toBe(200);
    // Read one chunk, then stop reading: the socket and the server's buffers fill up.
    const chunks: Buffer[] = [];
    const first = await new Promise<Buffer>((resolve) => response.once('data', resolve));
    chunks.push(first);
    response.pause();
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Requests that read the database get their answers meanwhile.
    const head = await vi.waitFor(
      async () => {
        const res = await app.inject({
          url: '/api/ledger/head',
          headers: bearer(staffToken(app, 'auditor')),
        });
        expect(res.statusCode).toBe(200);
        return res.json() as { seq: number };
      },
      { timeout: 5_000 },
    );
    expect(head.seq).toBeGreaterThan(0);
    const attendance = await app.inject({
      url: `/api/assemblies/${assemblyId}/attendance`,
      headers: bearer(staffToken(app, 'desk')),
    });
    expect(attendance.statusCode).toBeLessThan(500);
    // The rest of the file, once the client reads again.
    response.on('data', (c: Buffer) => chunks.push(c));
    response.resume();
    await new Promise((resolve) => response.once('end', resolve));
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.length).toBeGreaterThan(1_000_000);
    const bundle = JSON.parse(text) as Bundle;
    expect(bundle.members).toHaveLength(40_000);
    const key = (await app.inject({ url: '/api/ledger/key' })).json() as { publicKey: string };
    expect(verifyBundle(bundle, { publicKey: key.publicKey }).violations).toEqual([]);
  });
});
