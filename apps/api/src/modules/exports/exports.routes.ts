import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
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

/**
 * Signed export bundle, CSV files and minutes of an assembly (R27–R31), and the
 * installation key auditors pin when they run plenum-verify.
 */
export function exportsRoutes(config: Pick<Config, 'dataDir' | 'signingKeySeed'>): FastifyPluginAsyncTypebox {
  return async (app) => {
    const s = app.services;
    const key = signingKeyLoader(config);
    // A private folder of this process for bundles on their way out (see the bundle route).
    let spoolDir: string | undefined;
    const spool = () => {
      spoolDir ??= mkdtempSync(join(tmpdir(), 'plenum-export-'));
      return spoolDir;
    };
    app.addHook('onClose', async () => {
      if (spoolDir !== undefined) rmSync(spoolDir, { recursive: true, force: true });
    });
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
              200: Type.Unsafe<Readable>({
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
        // Streamed into a file of its own first, so the export's transaction (and with the embedded
        // database its only connection) lasts as long as the disk takes, never as long as a slow
        // download. The server holds a page of rows, not the bundle; the file (mode 0600, in a
        // folder of this process, mode 0700) is removed once sent or when the download fails.
        const file = join(spool(), `${randomUUID()}.json`);
        const out = createWriteStream(file, { mode: 0o600 });
        const remove = () => rm(file, { force: true }).catch(() => {});
        try {
          await streamBundle(s.db, assemblyId, key(), s.clock.now(), async (chunk) => {
            if (!out.write(chunk)) await once(out, 'drain');
          });
          out.end();
          await finished(out);
        } catch (error) {
          // Nothing was sent: an unknown assembly is a 404 (assembly.not_found) as anywhere else.
          out.destroy();
          await remove();
          throw error;
        }
        const body = createReadStream(file);
        body.once('close', remove);
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
