import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { createDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { systemClock, systemRandom } from '../deps.ts';
import { ApiError } from '../http/errors.ts';
import { listStaffUsers } from '../modules/auth/auth.queries.ts';
import { createStaffUser, STAFF_ROLES } from '../modules/auth/staff-users.service.ts';
import { ballotKeys } from '../modules/ballots/ballot-seal.ts';
import { Refusal } from '../modules/refusal.ts';

const USAGE = `Usage:
  pnpm plenum user add --username <name> --role <${STAFF_ROLES.join('|')}> [--name "Display Name"]
                       [--password-stdin | --password <password>]
      Without a password option a strong one is generated and printed once.
  pnpm plenum user list

Uses DATABASE_URL, or the embedded database in PLENUM_DATA_DIR (default ./.data).`;

/** A mistake in the command line: the usage is shown and the exit code is 2. */
class UsageError extends Error {}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing line break is the end of the input, not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** 20 characters from a 57-character alphabet (≈ 117 bits), no look-alikes. */
function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  return Array.from(randomBytes(20), (b) => alphabet[b % alphabet.length]).join('');
}

async function userAdd(db: Database, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
    strict: true,
  });
  if (!values.username) throw new UsageError('--username is required.');
  const role = values.role as (typeof STAFF_ROLES)[number] | undefined;
  if (!role || !STAFF_ROLES.includes(role))
    throw new UsageError(`--role must be one of ${STAFF_ROLES.join(', ')}.`);
  if (values.password !== undefined && values['password-stdin']) {
    throw new UsageError('Give either --password or --password-stdin, not both.');
  }
  if (values.password !== undefined) {
    process.stderr.write('Warning: --password stays in your shell history; prefer --password-stdin.\n');
  }
  const generated =
    values.password === undefined && !values['password-stdin'] ? generatePassword() : undefined;
  const password = generated ?? values.password ?? (await readStdin());
  const ctx = {
    db: db.db,
    clock: systemClock,
    random: systemRandom,
    ballotKeys: ballotKeys(loadConfig().ballotSecret),
  };
  const user = await createStaffUser(
    ctx,
    { username: values.username, password, role, displayName: values.name },
    'cli',
  );
  process.stdout.write(`Created ${user.role} "${user.username}" (${user.displayName}).\n`);
  if (generated) process.stdout.write(`Password (shown once, write it down now): ${generated}\n`);
}

async function userList(db: Database): Promise<void> {
  const users = await listStaffUsers(db.db);
  if (users.length === 0) process.stdout.write('No staff users yet. Add one with `pnpm plenum user add`.\n');
  for (const u of users) {
    const state = u.disabledAt ? ` (disabled ${u.disabledAt.toISOString()})` : '';
    process.stdout.write(`${u.username}\t${u.role}\t${u.displayName}${state}\n`);
  }
}

async function openDatabase(): Promise<Database> {
  const config = loadConfig();
  try {
    const db = await createDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: 2,
    });
    await migrateToLatest(db.db);
    return db;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (config.databaseUrl) throw new Error(`Cannot open the database at DATABASE_URL: ${reason}`);
    throw new Error(
      `Cannot open the embedded database in ${config.dataDir}: ${reason}\n` +
        'The embedded database can be opened by one process at a time: stop the Plenum server first ' +
        '(or run against PostgreSQL with DATABASE_URL).',
    );
  }
}

async function main(argv: string[]): Promise<void> {
  const [area, command, ...rest] = argv;
  if (area === undefined || area === 'help' || area === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (area !== 'user' || (command !== 'add' && command !== 'list')) {
    throw new UsageError(`Unknown command "${argv.join(' ')}".`);
  }
  if (command === 'list' && rest.length > 0) throw new UsageError('`user list` takes no options.');
  const db = await openDatabase();
  try {
    if (command === 'add') await userAdd(db, rest);
    else await userList(db);
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${(error as Error).message ? `${(error as Error).message}\n\n` : ''}${USAGE}\n`);
    process.exit(2);
  }
  if (error instanceof ApiError || error instanceof Refusal) {
    // The same rules as the API (password length, unique usernames); say what to fix.
    process.stderr.write(`${error.message} [${error.code}]\n`);
    process.exit(2);
  }
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(error instanceof ConfigError ? 2 : 1);
});
