import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseEnv } from '../src/config.ts';

describe('configuration', () => {
  it('uses the documented defaults', () => {
    const config = parseEnv({}, '/srv/plenum');
    expect(config).toEqual({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: '/srv/plenum/.data',
      jwtSecret: undefined,
      logLevel: 'info',
      publicUrl: undefined,
      trustProxy: false,
      loginRatePerAddress: 3000,
      loginMaxDelaySeconds: 5,
      demo: true,
    });
  });

  it('reads every variable', () => {
    const config = parseEnv(
      {
        PORT: '8080',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgres://u:p@db:5432/plenum',
        PLENUM_DATA_DIR: '/var/lib/plenum',
        PLENUM_JWT_SECRET: 'x'.repeat(40),
        LOG_LEVEL: 'warn',
        PLENUM_PUBLIC_URL: 'https://gv.example.coop/',
        PLENUM_TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1',
        PLENUM_LOGIN_RATE_PER_ADDRESS: '5000',
        PLENUM_LOGIN_MAX_DELAY: '3',
      },
      '/srv',
    );
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://u:p@db:5432/plenum',
      dataDir: '/var/lib/plenum',
      logLevel: 'warn',
      publicUrl: 'https://gv.example.coop',
      trustProxy: ['10.0.0.5', '10.1.0.0/16', '::1'],
      loginRatePerAddress: 5000,
      loginMaxDelaySeconds: 3,
    });
    expect(parseEnv({ PLENUM_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(parseEnv({ PLENUM_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number from 0 to 65535; got "abc".'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535; got "70000".'],
    [{ PORT: '-1' }, 'PORT must be a whole number from 0 to 65535; got "-1".'],
    [{ HOST: '  ' }, 'HOST must not be empty (default 0.0.0.0).'],
    [
      { DATABASE_URL: 'mysql://x@y/z' },
      'DATABASE_URL must start with postgres:// or postgresql://; got "mysql://…".',
    ],
    [
      { DATABASE_URL: 'not a url' },
      'DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database).',
    ],
    [
      { PLENUM_JWT_SECRET: 'short' },
      'PLENUM_JWT_SECRET must be at least 32 characters long (or unset to generate one).',
    ],
    [
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "loud".',
    ],
    [
      { PLENUM_PUBLIC_URL: 'ftp://x' },
      'PLENUM_PUBLIC_URL must be an http(s) address such as https://gv.example.coop; got "ftp://x".',
    ],
    [
      { PLENUM_TRUST_PROXY: 'yes' },
      'PLENUM_TRUST_PROXY must be false, a hop count or a comma-separated list of proxy addresses/CIDRs; not an address: "yes".',
    ],
    [
      { PLENUM_TRUST_PROXY: 'true' },
      'PLENUM_TRUST_PROXY=true would trust every X-Forwarded-For hop, so any client could choose its own address; give the number of proxies in front of Plenum (e.g. 1) or their addresses/CIDRs (e.g. 10.0.0.5,10.1.0.0/16).',
    ],
    [
      { PLENUM_TRUST_PROXY: '10.0.0.0/33' },
      'PLENUM_TRUST_PROXY must be false, a hop count or a comma-separated list of proxy addresses/CIDRs; not an address: "10.0.0.0/33".',
    ],
    [
      { PLENUM_LOGIN_RATE_PER_ADDRESS: '0' },
      'PLENUM_LOGIN_RATE_PER_ADDRESS must be a whole number from 1 to 1000000; got "0".',
    ],
    [
      { PLENUM_LOGIN_MAX_DELAY: '600' },
      'PLENUM_LOGIN_MAX_DELAY must be a whole number from 1 to 60; got "600".',
    ],
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => parseEnv(env)).toThrow(ConfigError);
    try {
      parseEnv(env);
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([message]);
    }
  });

  it('reports every bad value at once', () => {
    try {
      parseEnv({ PORT: 'x', LOG_LEVEL: 'y' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
      expect((error as ConfigError).message).toContain('PORT');
      expect((error as ConfigError).message).toContain('LOG_LEVEL');
    }
  });

  it('generates a JWT secret once, keeps it in the data folder and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plenum-config-'));
    const first = loadConfig({ PLENUM_DATA_DIR: dir });
    const second = loadConfig({ PLENUM_DATA_DIR: dir });
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim()).toBe(first.jwtSecret);
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o077).toBe(0);
  });

  it('prefers a given JWT secret and writes none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plenum-config-'));
    const config = loadConfig({ PLENUM_DATA_DIR: dir, PLENUM_JWT_SECRET: 's'.repeat(32) });
    expect(config.jwtSecret).toBe('s'.repeat(32));
    expect(() => statSync(join(dir, 'jwt-secret'))).toThrow();
  });
});

describe('the embedded data folder', () => {
  it('is locked against a second process, and a stale lock is taken over', async () => {
    const { lockDataDir, DataDirInUseError } = await import('../src/db/data-lock.ts');
    const { writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'plenum-lock-'));
    // A lock left by a live process (pid 1 always exists) is refused…
    writeFileSync(join(dir, 'plenum.lock'), '1');
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    // …one left by a process that died is taken over, and released again.
    writeFileSync(join(dir, 'plenum.lock'), '999999999');
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'plenum.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(() => statSync(join(dir, 'plenum.lock'))).toThrow();
  });
});
