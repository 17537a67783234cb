import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.ts';
import { createTestDatabase, type TestDatabase, testDbMode } from './support/test-db.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'apps/api/src/cli/plenum.ts');

let database: TestDatabase;

function cliEnv() {
  return {
    ...process.env,
    DATABASE_URL: database.url,
    PLENUM_DATA_DIR: mkdtempSync(join(tmpdir(), 'plenum-cli-')),
    PLENUM_JWT_SECRET: undefined,
  };
}

/** Runs the CLI as `pnpm plenum` does (tsx), against this file's database. */
function plenum(
  args: readonly string[],
  input = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [CLI, ...args], { cwd: ROOT, env: cliEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const login = async (username: string, password: string) => {
  const app = await buildTestApp(database);
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/staff/login',
    payload: { username, password },
  });
  await app.close();
  return res;
};

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.dispose());

// Each run starts tsx afresh (several seconds on a busy machine), hence the long timeout.
describe.skipIf(testDbMode() !== 'postgres')('pnpm plenum user …', { timeout: 180_000 }, () => {
  it('adds a user with --password-stdin who can then log in', async () => {
    const run = await plenum(
      ['user', 'add', '--username', 'chair1', '--role', 'chair', '--name', 'Dr. Vorsitz', '--password-stdin'],
      'a very good password\n',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Created chair "chair1" (Dr. Vorsitz)');
    const res = await login('chair1', 'a very good password');
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toEqual({
      kind: 'staff',
      username: 'chair1',
      role: 'chair',
      displayName: 'Dr. Vorsitz',
    });
  });

  it('generates and prints a strong password once when none is given', async () => {
    const run = await plenum(['user', 'add', '--username', 'admin1', '--role', 'admin']);
    expect(run.code).toBe(0);
    const password = /Password \(shown once[^:]*\): (\S+)/.exec(run.stdout)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect((await login('admin1', password)).statusCode).toBe(200);
  });

  it('lists the users', async () => {
    const run = await plenum(['user', 'list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('admin1\tadmin\tadmin1\nchair1\tchair\tDr. Vorsitz\n');
  });

  it('exits non-zero with a clear message on bad input, creating nobody', async () => {
    const cases = [
      [
        ['user', 'add', '--username', 'x1', '--role', 'king'],
        /--role must be one of admin, chair, desk, auditor/,
      ],
      [['user', 'add', '--role', 'chair'], /--username is required/],
      [
        ['user', 'add', '--username', 'shorty', '--role', 'desk', '--password', 'too short'],
        /at least 12 characters/,
      ],
      [['user', 'add', '--username', 'CHAIR1', '--role', 'desk', '--password-stdin'], /is taken/],
      [['user', 'add', '--username', 'y1', '--role', 'desk', '--bogus'], /Unknown option '--bogus'/],
      [['user', 'remove'], /Unknown command/],
    ] as const;
    // Independent runs, in parallel: each starts a fresh process.
    const runs = await Promise.all(cases.map(([args]) => plenum(args, 'another good password\n')));
    runs.forEach((run, i) => {
      const [args, message] = cases[i] ?? [[], /$^/];
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    });
    const users = await database.db.selectFrom('staff_users').select('username').execute();
    expect(users.map((u) => u.username).sort()).toEqual(['admin1', 'chair1']);
  });

  it('says so when it cannot reach the database', () => {
    const result = spawnSync(TSX, [CLI, 'user', 'list'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
        PLENUM_DATA_DIR: mkdtempSync(join(tmpdir(), 'plenum-cli-')),
      },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Cannot open the database at DATABASE_URL/);
  });
});
