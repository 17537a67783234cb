import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { isIP } from 'node:net';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The validated configuration of one Plenum process, read from the environment once at start. */
export interface Config {
  port: number;
  host: string;
  /** A PostgreSQL connection string; when absent Plenum runs on the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** Absolute path of the data folder (embedded database, generated secrets). */
  dataDir: string;
  jwtSecret: string;
  logLevel: LogLevel;
  /** The address members reach Plenum at, for login links and QR codes; else the request's origin. */
  publicUrl: string | undefined;
  /**
   * Which X-Forwarded-* hops to believe (client addresses for the login limits, https): false for
   * none, a hop count, or the addresses/CIDRs of the trusted proxies. Never "every hop".
   */
  trustProxy: TrustProxy;
  /** Login requests a minute one client address may send (PLENUM_LOGIN_RATE_PER_ADDRESS). */
  loginRatePerAddress?: number | undefined;
  /** The longest wait a run of wrong logins for one login from one address causes, in seconds. */
  loginMaxDelaySeconds?: number | undefined;
  /** Folder of the built web app that the API serves; undefined when it is not built. */
  webDir: string | undefined;
  /** Seed the demo cooperative on a fresh database (PLENUM_DEMO; on by default for the embedded one). */
  demo: boolean;
  /** PLENUM_COOPERATIVE: the cooperative's name, as the start page shows it. */
  cooperativeName?: string | undefined;
  /** PLENUM_SIGNING_KEY: base64 Ed25519 seed that signs exports; else `<dataDir>/ledger-ed25519.key`. */
  signingKeySeed?: string | undefined;
  /**
   * PLENUM_BALLOT_KEY: base64 32-byte secret from which each poll's ballot key is derived; else
   * `<dataDir>/ballot-seal.key`, generated on first start. Every API process of one installation
   * needs the same one; it never enters the database.
   */
  ballotSecret: string;
}

/** PLENUM_TRUST_PROXY: false, the number of proxy hops in front of Plenum, or their addresses. */
export type TrustProxy = false | number | string[];

export const DEFAULT_LOGIN_RATE_PER_ADDRESS = 3000;
export const DEFAULT_LOGIN_MAX_DELAY_SECONDS = 5;

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Every bad value at once, each with a message a person can act on. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** The part of the configuration that comes from the environment alone (no file access). */
export type EnvConfig = Omit<Config, 'jwtSecret' | 'webDir' | 'ballotSecret'> & {
  jwtSecret: string | undefined;
  ballotSecret: string | undefined;
};

export function parseEnv(env: Env, cwd: string = process.cwd()): EnvConfig {
  const problems: string[] = [];
  const port = parsePort(env.PORT, problems);
  const host = (env.HOST ?? '0.0.0.0').trim();
  if (host === '') problems.push('HOST must not be empty (default 0.0.0.0).');
  const databaseUrl = parseDatabaseUrl(env.DATABASE_URL, problems);
  const rawDir = env.PLENUM_DATA_DIR?.trim() || './.data';
  const dataDir = isAbsolute(rawDir) ? rawDir : resolve(cwd, rawDir);
  const jwtSecret = env.PLENUM_JWT_SECRET;
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    problems.push('PLENUM_JWT_SECRET must be at least 32 characters long (or unset to generate one).');
  }
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${env.LOG_LEVEL}".`);
  }
  const publicUrl = parsePublicUrl(env.PLENUM_PUBLIC_URL, problems);
  const trustProxy = parseTrustProxy(env.PLENUM_TRUST_PROXY, problems);
  const loginRatePerAddress = parseWhole(
    'PLENUM_LOGIN_RATE_PER_ADDRESS',
    env.PLENUM_LOGIN_RATE_PER_ADDRESS,
    DEFAULT_LOGIN_RATE_PER_ADDRESS,
    { min: 1, max: 1_000_000 },
    problems,
  );
  const loginMaxDelaySeconds = parseWhole(
    'PLENUM_LOGIN_MAX_DELAY',
    env.PLENUM_LOGIN_MAX_DELAY,
    DEFAULT_LOGIN_MAX_DELAY_SECONDS,
    { min: 1, max: 60 },
    problems,
  );
  // The demo is on by default for the embedded database only: a PostgreSQL server is production.
  const demo =
    env.PLENUM_DEMO === undefined || env.PLENUM_DEMO.trim() === ''
      ? databaseUrl === undefined
      : parseBoolean('PLENUM_DEMO', env.PLENUM_DEMO, problems);
  const signingKeySeed = parseSigningKey(env.PLENUM_SIGNING_KEY, problems);
  const ballotSecret = parseBallotKey(env.PLENUM_BALLOT_KEY, problems);
  const cooperativeName = env.PLENUM_COOPERATIVE?.trim() || undefined;
  if (cooperativeName !== undefined && cooperativeName.length > 200) {
    problems.push('PLENUM_COOPERATIVE must be at most 200 characters long.');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    databaseUrl,
    dataDir,
    jwtSecret,
    logLevel,
    publicUrl,
    trustProxy,
    loginRatePerAddress,
    loginMaxDelaySeconds,
    demo,
    cooperativeName,
    signingKeySeed,
    ballotSecret,
  };
}

/** The installation's ballot secret: 32 random bytes in standard base64 (ledger SPEC.md §3). */
function parseBallotKey(raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const text = raw.trim();
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text) || Buffer.from(text, 'base64').length !== 32) {
    problems.push('PLENUM_BALLOT_KEY must be 32 random bytes in base64 (44 characters), or unset.');
    return undefined;
  }
  return text;
}

function parsePublicUrl(raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return url.toString().replace(/\/$/, '');
  } catch {
    problems.push(
      `PLENUM_PUBLIC_URL must be an http(s) address such as https://gv.example.coop; got "${raw}".`,
    );
    return undefined;
  }
}

/** The export signing key's 32-byte Ed25519 seed in standard base64 (ledger SPEC.md §7). */
function parseSigningKey(raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const text = raw.trim();
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text) || Buffer.from(text, 'base64').length !== 32) {
    problems.push('PLENUM_SIGNING_KEY must be a 32-byte Ed25519 seed in base64 (44 characters), or unset.');
    return undefined;
  }
  return text;
}

/**
 * A hop count ("1": one proxy in front) or a comma-separated list of proxy addresses and CIDRs
 * ("10.0.0.1, 10.1.0.0/16"). "true" is refused: trusting every hop lets any client write its own
 * address into X-Forwarded-For and so escape the per-address login limit.
 */
function parseTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === '0' || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') {
    problems.push(
      'PLENUM_TRUST_PROXY=true would trust every X-Forwarded-For hop, so any client could choose its own ' +
        'address; give the number of proxies in front of Plenum (e.g. 1) or their addresses/CIDRs ' +
        '(e.g. 10.0.0.5,10.1.0.0/16).',
    );
    return false;
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) problems.push(`PLENUM_TRUST_PROXY hop count must be 0 to 10; got "${raw}".`);
    return hops;
  }
  const entries = value.split(',').map((e) => e.trim());
  const bad = entries.filter((e) => !isAddressOrCidr(e));
  if (bad.length > 0) {
    problems.push(
      `PLENUM_TRUST_PROXY must be false, a hop count or a comma-separated list of proxy addresses/CIDRs; ` +
        `not an address: ${bad.map((b) => `"${b}"`).join(', ')}.`,
    );
    return false;
  }
  return entries;
}

function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

function parseWhole(
  name: string,
  raw: string | undefined,
  fallback: number,
  range: { min: number; max: number },
  problems: string[],
): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || value < range.min || value > range.max) {
    problems.push(`${name} must be a whole number from ${range.min} to ${range.max}; got "${raw}".`);
    return fallback;
  }
  return value;
}

function parseBoolean(name: string, raw: string | undefined, problems: string[]): boolean {
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  problems.push(`${name} must be true or false; got "${raw}".`);
  return false;
}

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return 3000;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(value) || value < 0 || value > 65535) {
    problems.push(`PORT must be a whole number from 0 to 65535; got "${raw}".`);
    return 0;
  }
  return value;
}

function parseDatabaseUrl(raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      problems.push(`DATABASE_URL must start with postgres:// or postgresql://; got "${url.protocol}//…".`);
    }
  } catch {
    problems.push('DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database).');
  }
  return raw.trim();
}

/**
 * Reads the environment once and completes it from the data folder: the JWT secret is generated
 * on first start and kept in `<dataDir>/jwt-secret`, so that tokens survive restarts and no
 * secret ever lives in the code.
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const base = parseEnv(env, cwd);
  mkdirSync(base.dataDir, { recursive: true });
  const jwtSecret = base.jwtSecret ?? readOrCreateSecret(join(base.dataDir, 'jwt-secret'));
  const ballotSecret = base.ballotSecret ?? readOrCreateBallotSecret(join(base.dataDir, 'ballot-seal.key'));
  return { ...base, jwtSecret, ballotSecret, webDir: findWebDir(env.PLENUM_WEB_DIR) };
}

/**
 * Written once with O_EXCL and fsync'd before it is used: ballots sealed under it must still open
 * after a crash. Two processes starting at once both end up with the file that won.
 */
function readOrCreateBallotSecret(path: string): string {
  if (!existsSync(path)) {
    const secret = randomBytes(32).toString('base64');
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${secret}\n`);
      fsyncSync(fd);
      closeSync(fd);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const stored = readFileSync(path, 'utf8').trim();
  if (Buffer.from(stored, 'base64').length !== 32)
    throw new ConfigError([`${path} must hold 32 bytes in base64; restore it from your backup.`]);
  return stored;
}

function readOrCreateSecret(path: string): string {
  if (existsSync(path)) {
    const stored = readFileSync(path, 'utf8').trim();
    if (stored.length >= 32) return stored;
  }
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function findWebDir(override: string | undefined): string | undefined {
  const candidate = override ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../web/build');
  return existsSync(join(candidate, 'index.html')) ? candidate : undefined;
}
