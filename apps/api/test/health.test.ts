import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/database.ts';
import { migrationProvider } from '../src/db/migrate.ts';
import { buildTestApp } from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

describe.each([
  ['postgres', 'postgres'],
  ['pglite', 'embedded'],
] as const)('GET /api/health on %s', (driver, kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ driver });
  });
  afterAll(async () => database?.dispose());

  it('answers 200 with the database kind and the migrations applied', async () => {
    const app = await buildTestApp(database);
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    const migrations = Object.keys(await migrationProvider.getMigrations()).length;
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: kind, migrations });
    await app.close();
  });
});

describe('GET /api/health when the database cannot be reached', () => {
  it('answers 503 with a reason (server down)', async () => {
    const down = await createDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', dataDir: '/x' });
    const app = await buildTestApp(down);
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable', database: 'postgres' });
    expect(res.json().reason).toMatch(/ECONNREFUSED|connect/i);
    await app.close();
    await down.close();
  });

  it('answers 503 with a reason (embedded database closed)', async () => {
    const database = await createTestDatabase({ driver: 'pglite' });
    const app = await buildTestApp(database);
    await database.dispose();
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable', database: 'embedded' });
    await app.close();
  });
});

describe('routing between the API and the web app', () => {
  let database: TestDatabase;
  let webDir: string;
  beforeAll(async () => {
    database = await createTestDatabase({ driver: 'pglite' });
    webDir = mkdtempSync(join(tmpdir(), 'plenum-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Plenum</title>');
    writeFileSync(join(webDir, 'robots.txt'), 'User-agent: *');
  });
  afterAll(async () => database?.dispose());

  it('answers unknown /api paths with the JSON error shape', async () => {
    const app = await buildTestApp(database, { webDir });
    for (const url of ['/api/nope', '/api', '/api/health/extra']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.json()).toMatchObject({ error: { code: 'route.not_found' } });
    }
    const post = await app.inject({ method: 'POST', url: '/api/nope', payload: {} });
    expect(post.json()).toMatchObject({ error: { code: 'route.not_found' } });
    await app.close();
  });

  it('serves the app for every other path, and its files as they are', async () => {
    const app = await buildTestApp(database, { webDir });
    for (const url of ['/', '/chair/assembly/42', '/member?lang=en']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('<title>Plenum</title>');
    }
    const file = await app.inject({ method: 'GET', url: '/robots.txt' });
    expect(file.body).toBe('User-agent: *');
    await app.close();
  });

  it('without a built web app, other paths answer a JSON 404 too', async () => {
    const app = await buildTestApp(database);
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(404);
    await app.close();
  });
});
