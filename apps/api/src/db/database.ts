import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { lockDataDir } from './data-lock.ts';
import { guarded, type ListenOptions, PgListener, type Unlisten } from './pg-listener.ts';
import { preparePoolClient } from './prepared.ts';
import type { DB } from './schema.ts';

export type DatabaseKind = 'embedded' | 'postgres';

/** The one database handle the app is built with: Kysely over either driver, and how to close it. */
export interface Database {
  readonly db: Kysely<DB>;
  /**
   * What the live stream reads its snapshots through and publishes its NOTIFY with: on a server a
   * pool of its own (two connections), so a snapshot never queues behind the casts and check-ins
   * that fill the main pool; embedded, the same database as `db`.
   */
  readonly live: Kysely<DB>;
  readonly kind: DatabaseKind;
  /**
   * LISTEN on a channel: `onPayload` gets each NOTIFY payload (sent only when the notifying
   * transaction commits). Resolves once listening (or once the first attempt failed: a real server
   * is then retried in the background). Returns the function that stops listening.
   */
  listen(channel: string, onPayload: (payload: string) => void, options?: ListenOptions): Promise<Unlisten>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A real PostgreSQL server; when absent the embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** Where the embedded database lives (`<dataDir>/pglite`). Unused with a server. */
  dataDir: string;
  /** Pool size for a real server. */
  poolSize?: number;
  /**
   * Told about connections the server dropped (restart, terminated backend, network): they are
   * discarded and replaced on the next query, never allowed to end the process.
   */
  onConnectionError?: (error: Error) => void;
}

/** Connections of the live stream's own pool (snapshot reads and NOTIFY; LISTEN has one more). */
const LIVE_POOL_SIZE = 2;
const DATE_OID = 1082;
const INT8_OID = 20;
const keepText = (value: string): string => value;
// Counts from COUNT(*) are int8; they never exceed 2^53 here, so a number is exact.
const int8ToNumber = (value: string): number => Number.parseInt(value, 10);

/** Creates the Kysely instance: a pg Pool for DATABASE_URL, PGlite persisted on disk otherwise. */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl)
    return createPostgres(
      options.databaseUrl,
      options.poolSize ?? 20,
      options.onConnectionError ?? (() => {}),
    );
  return createEmbedded(join(options.dataDir, 'pglite'));
}

function createPostgres(
  connectionString: string,
  max: number,
  onConnectionError: (error: Error) => void,
): Database {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === DATE_OID) return keepText;
      if (oid === INT8_OID) return int8ToNumber;
      return pg.types.getTypeParser(oid, format);
    },
  } as pg.CustomTypesConfig;
  const newPool = (size: number) => {
    // A request waits at most 10 s for a connection; during an outage it then gets 503 (errors.ts).
    const pool = new pg.Pool({ connectionString, max: size, types, connectionTimeoutMillis: 10_000 });
    // A client that loses its server emits 'error'. pg-pool listens only while the client is idle;
    // checked out (between the statements of a transaction, say) nobody would, and an 'error' event
    // without a listener ends the process. So every client gets its own listener for its lifetime:
    // the broken client is then discarded at release and the query in flight fails (→ 503).
    pool.on('error', () => {}); // an idle client's error: its own listener below reports it
    pool.on('connect', (client) => {
      client.on('error', onConnectionError);
      preparePoolClient(client);
    });
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  };
  const db = newPool(max);
  // Connections are opened on first use: a process without live streams opens none here.
  const live = newPool(LIVE_POOL_SIZE);
  // LISTEN needs its own connection, outside the pool (see pg-listener.ts); made on first use.
  let listener: PgListener | undefined;
  return {
    db,
    live,
    kind: 'postgres',
    listen: (channel, onPayload, options) => {
      listener ??= new PgListener(connectionString);
      return listener.listen(channel, onPayload, options);
    },
    close: async () => {
      await listener?.close();
      await live.destroy();
      await db.destroy();
    },
  };
}

/** PGlite in a folder (or in memory with `memory://`); `dataDir`'s parent must exist. */
export async function createEmbedded(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const release = inMemory ? () => {} : lockDataDir(dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir, { parsers: { [DATE_OID]: keepText, [INT8_OID]: int8ToNumber } });
  } catch (error) {
    release();
    throw error;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    live: db,
    kind: 'embedded',
    // One process: PGlite delivers NOTIFY to its own listeners, after commit like a server does.
    listen: async (channel, onPayload) => {
      const unlisten = await pglite.listen(channel, (payload) => guarded(() => onPayload(payload)));
      return async () => {
        if (!pglite.closed) await unlisten();
      };
    },
    close: async () => {
      await db.destroy();
      release();
    },
  };
}
