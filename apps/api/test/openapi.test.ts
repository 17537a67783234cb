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
    // Every operation names who may call it, read off the guard the route runs.
    const ops = Object.values(
      spec.paths as Record<string, Record<string, { 'x-roles'?: string[]; description?: string }>>,
    ).flatMap((byMethod) => Object.values(byMethod));
    for (const op of ops) {
      expect(op['x-roles']?.length).toBeGreaterThan(0);
      expect(op.description).toMatch(/\*\*Who may call it:\*\* /);
    }
    expect(spec.paths['/api/polls/{pollId}/close'].post['x-roles']).toEqual(['staff:admin', 'staff:chair']);
    expect(spec.paths['/api/polls/{pollId}/votes'].post['x-roles']).toEqual(['member']);
    expect(spec.paths['/api/health'].get['x-roles']).toEqual(['public']);
    // Structured values are typed, with their descriptions, not free-form objects.
    const poll = spec.paths['/api/polls/{pollId}'].get.responses['200'].content['application/json'].schema;
    const tally = poll.properties.tally;
    const variants = (tally.anyOf ?? []).flatMap((v: { anyOf?: object[] }) => v.anyOf ?? [v]);
    const described = variants.filter((v: { description?: string }) => v.description);
    expect(described.map((v: { description: string }) => v.description)).toEqual([
      'The computed result of a motion (R12–R15).',
      'The computed result of an election round (C6, R22).',
    ]);
    expect(described[0].properties.counts.properties.yes.type).toBe('integer');
    expect(described[1].properties.elected.type).toBe('array');
    expect(poll.properties.options).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(poll.properties.config.properties.secrecyReason.enum).toContain('secret.requested');
    const assembly =
      spec.paths['/api/assemblies/{assemblyId}'].get.responses['200'].content['application/json'].schema;
    expect(assembly.properties.statute.properties.quorum.description).toMatch(/C4/);
    expect(assembly.properties.statute.required).toContain('elections');
    const createItem = spec.paths['/api/assemblies/{assemblyId}/items'].post.requestBody.content;
    expect(createItem['application/json'].schema.properties.details.properties.seats.type).toBe('integer');
    const cast = spec.paths['/api/polls/{pollId}/votes'].post.requestBody.content['application/json'];
    expect(cast.schema.properties.votes.items.properties.choice.anyOf.length).toBe(3);
    // The CSV import takes the file itself: text/csv, no JSON body.
    const csvImport = spec.paths['/api/members/import'].post;
    expect(Object.keys(csvImport.requestBody.content)).toEqual(['text/csv']);
    expect(csvImport.requestBody.content['text/csv'].schema.type).toBe('string');
    // A parameter with a default is optional.
    for (const [path, name] of [
      ['/api/members/import', 'mode'],
      ['/api/members/import', 'dryRun'],
    ] as const) {
      const parameter = spec.paths[path].post.parameters.find((p: { name: string }) => p.name === name);
      expect(parameter, `${path} ${name}`).toMatchObject({ required: false });
    }
    const limit = spec.paths['/api/members'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit).toMatchObject({ required: false, schema: { default: 50 } });

    const docs = await app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(docs.statusCode);
    await app.close();
  });
});
