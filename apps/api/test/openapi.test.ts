import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

describe('OpenAPI', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.dispose());

  it('serves OpenAPI 3 at /api/openapi.json with every route, and the docs at /api/docs', async () => {
    const app = await buildTestApp(database);
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const spec = res.json();
    expect(spec.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/health',
      '/api/assemblies',
      '/api/polls/{pollId}/votes',
      '/api/assemblies/{assemblyId}/proxies',
    ]) {
      expect(Object.keys(spec.paths)).toContain(path);
    }
    // Every documented operation declares its responses, including the error shape.
    for (const [path, ops] of Object.entries(
      spec.paths as Record<string, Record<string, { responses?: object }>>,
    )) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.responses, `${method} ${path}`).toBeDefined();
      }
    }
    const docs = await app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(docs.statusCode);
    await app.close();
  });
});
