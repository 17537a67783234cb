import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AssemblyEvidence, AssemblyParams, LedgerHead, LedgerKey } from '@plenum/contracts';
import { Type } from 'typebox';
import type { Config } from '../../config.ts';
import { responses } from '../../http/access.ts';
import { requireAssembly } from '../assemblies/assemblies.service.ts';
import { declaredHeads, readLedgerHead } from '../ledger/ledger.queries.ts';
import { buildBundle, streamBundle } from './bundle.service.ts';
import { attendanceCsv, proxiesCsv, resultsCsv } from './csv.ts';
import { minutesHtml } from './minutes-html.ts';
import { minutesModel } from './minutes-model.ts';
import { minutesPdf } from './minutes-pdf.ts';
import type { Lang } from './minutes-text.ts';
import { publicKeyView, signingKeyLoader } from './signing-key.ts';

const tags = ['exports'];
const LangQuery = Type.Object(
  { lang: Type.Optional(Type.Union([Type.Literal('de'), Type.Literal('en')], { default: 'de' })) },
  { additionalProperties: false },
);
const FileBody = (description: string) => Type.String({ description });
/** A binary file: sent as a Buffer, which Fastify passes through unserialized. */
const BinaryBody = (description: string) =>
  Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', description });

/** Resolves when the stream can take more, or when it is closed (the writer then stops). */
function drained(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/**
 * Signed export bundle, CSV files and minutes of an assembly (R27–R31), and the
 * installation key auditors pin when they run plenum-verify.
 */
export function exportsRoutes(config: Pick<Config, 'dataDir' | 'signingKeySeed'>): FastifyPluginAsyncTypebox {
  return async (app) => {
    const s = app.services;
    const key = signingKeyLoader(config);
    const readers = app.requireStaff('auditor', 'chair');
    const bundleOf = (assemblyId: string) => buildBundle(s.db, assemblyId, key(), s.clock.now());
    const lang = (q: { lang?: 'de' | 'en' }): Lang => q.lang ?? 'de';

    // Public on purpose: the key is what lets anyone check a bundle without trusting the server.
    app.get('/api/ledger/key', { schema: { tags, response: { 200: LedgerKey } } }, async () =>
      publicKeyView(key()),
    );
    // Public on purpose: the room, the press and every member can note the fingerprint and the
    // chain head after each result and later pin a bundle to them (plenum-verify --fingerprint).
    app.get(
      '/api/assemblies/:assemblyId/evidence',
      {
        schema: {
          tags,
          summary: 'Key fingerprint and chain head after each declared result (no login)',
          params: AssemblyParams,
          response: responses({ 200: AssemblyEvidence }, 400, 404),
        },
      },
      async (request) => {
        const { assemblyId } = request.params;
        await requireAssembly(s.db, assemblyId);
        const declared = await declaredHeads(s.db, assemblyId);
        return { assemblyId, key: publicKeyView(key()), declared, latest: declared.at(-1) ?? null };
      },
    );
    app.get(
      '/api/ledger/head',
      { schema: { tags, response: responses({ 200: LedgerHead }, 401, 403) }, onRequest: readers },
      async () => readLedgerHead(s.db),
    );
    app.get(
      '/api/assemblies/:assemblyId/export/bundle.json',
      {
        schema: {
          tags,
          params: AssemblyParams,
          response: responses(
            {
              200: Type.Unsafe<PassThrough>({
                type: 'string',
                description: 'The signed bundle (packages/ledger/bundle.schema.json), streamed.',
              }),
            },
            400,
            401,
            403,
            404,
          ),
        },
        onRequest: readers,
      },
      async (request, reply) => {
        const { assemblyId } = request.params;
        // Refused before the first byte (404) when the assembly does not exist.
        await requireAssembly(s.db, assemblyId);
        // Streamed: the server holds a page of rows, not the bundle. A failure after the headers
        // went out can only cut the file short, which plenum-verify then refuses.
        const body = new PassThrough();
        const sink = async (chunk: Buffer) => {
          if (body.destroyed) throw new Error('the client went away');
          if (!body.write(chunk)) await drained(body);
        };
        streamBundle(s.db, assemblyId, key(), s.clock.now(), sink).then(
          () => body.end(),
          (error: unknown) => {
            if (!body.destroyed) request.log.error({ err: error }, 'export: the bundle stream failed');
            body.destroy(error as Error);
          },
        );
        return reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', 'attachment; filename="bundle.json"')
          .send(body);
      },
    );
    const csvs = {
      'results.csv': resultsCsv,
      'attendance.csv': attendanceCsv,
      'proxies.csv': proxiesCsv,
    } as const;
    for (const [name, render] of Object.entries(csvs)) {
      app.get(
        `/api/assemblies/:assemblyId/export/${name}`,
        {
          schema: {
            tags,
            params: AssemblyParams,
            querystring: LangQuery,
            response: responses(
              { 200: FileBody(`${name}, UTF-8 with BOM; ";" for de, "," for en.`) },
              400,
              401,
              403,
              404,
            ),
          },
          onRequest: readers,
        },
        async (request, reply) => {
          const l = lang(request.query);
          const body = render(await bundleOf(request.params.assemblyId), l);
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${name.replace('.csv', `.${l}.csv`)}"`)
            .send(body);
        },
      );
    }
    app.get(
      '/api/assemblies/:assemblyId/export/minutes.html',
      {
        schema: {
          tags,
          params: AssemblyParams,
          querystring: LangQuery,
          response: responses({ 200: FileBody('Minutes (HTML).') }, 400, 401, 403, 404),
        },
        onRequest: readers,
      },
      async (request, reply) => {
        const model = minutesModel(await bundleOf(request.params.assemblyId), lang(request.query));
        return reply.type('text/html; charset=utf-8').send(minutesHtml(model));
      },
    );
    app.get(
      '/api/assemblies/:assemblyId/export/minutes.pdf',
      {
        schema: {
          tags,
          params: AssemblyParams,
          querystring: LangQuery,
          response: responses({ 200: BinaryBody('Minutes (PDF/A-3b).') }, 400, 401, 403, 404),
        },
        onRequest: readers,
      },
      async (request, reply) => {
        const l = lang(request.query);
        const pdf = await minutesPdf(minutesModel(await bundleOf(request.params.assemblyId), l));
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="minutes.${l}.pdf"`)
          .send(pdf);
      },
    );
  };
}
