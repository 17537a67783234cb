import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { loginLink } from '../modules/auth/access-codes.csv.ts';
import { isFreshDatabase } from './demo-people.ts';
import { type DemoSeed, seedDemo } from './demo-seed.ts';

/** The file the logins are kept in for whoever missed the console (mode 0600). */
export const DEMO_LOGINS_FILE = 'demo-logins.txt';

/**
 * Seeds the demo on a fresh database when the configuration asks for it (PLENUM_DEMO), and prints
 * the logins once the server listens. A database with any member or assembly is never touched.
 */
export async function seedDemoOnFirstStart(app: FastifyInstance, config: Config): Promise<DemoSeed | null> {
  const { db, clock, random, ballotKeys } = app.services;
  if (!config.demo) return null;
  const file = join(config.dataDir, DEMO_LOGINS_FILE);
  if (!(await isFreshDatabase({ db }))) {
    if (existsSync(file)) app.log.info(`demo data in use; its logins are in ${file}`);
    return null;
  }
  app.log.info('fresh database: seeding the demo cooperative (PLENUM_DEMO=0 turns this off)');
  // Without afterCommit: nobody is listening yet, the live hub has nothing to tell.
  const seed = await seedDemo(
    { db, clock, random, ballotKeys },
    { publicUrl: config.publicUrl ?? 'http://localhost:3000' },
  );
  app.addHook('onListen', async () => {
    const url = config.publicUrl ?? localUrl(app, config);
    const text = demoBanner(seed, url, file);
    writeFileSync(file, text, { mode: 0o600 });
    chmodSync(file, 0o600);
    process.stdout.write(`\n${text}\n`);
  });
  return seed;
}

function localUrl(app: FastifyInstance, config: Config): string {
  const address = app.server.address() as AddressInfo | null;
  const port = address?.port ?? config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host}:${port}`;
}

/** The printed block: where Plenum runs, the demo assembly, the logins, how to turn it off. */
export function demoBanner(seed: DemoSeed, url: string, file: string): string {
  const line = '─'.repeat(72);
  const day = new Date(seed.startsAt).toISOString().slice(0, 10).split('-').reverse().join('.');
  const link = (memberNumber: string, code: string) => loginLink(url, seed.assemblyCode, memberNumber, code);
  return [
    line,
    `Plenum is running on ${url}`,
    '',
    `Demo: ${seed.title}`,
    `      ${day}, hybrid (Berlin and online) · ${seed.members} members on the register`,
    `      Chair: ${seed.chairName}`,
    `      Assembly code (members type it on ${url}/join): ${seed.assemblyCode}`,
    '',
    'Staff logins (username / password):',
    ...seed.staff.map((s) => `  ${s.username.padEnd(8)} ${s.password}   ${s.displayName}`),
    '',
    'Member logins (member number / access code, or open the link):',
    ...seed.sampleMembers.flatMap((m) => [
      `  ${m.memberNumber}  ${m.code}   ${m.name} (${m.note})`,
      `         ${link(m.memberNumber, m.code)}`,
    ]),
    '',
    `These logins are also in ${file} (readable only by you).`,
    'Passwords and codes are random; the database keeps only their hashes.',
    'The demo is seeded once, on a fresh database. To start without it: PLENUM_DEMO=0 pnpm start',
    line,
    '',
  ].join('\n');
}
