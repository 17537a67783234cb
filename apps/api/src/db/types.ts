import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';

/** Query functions take the database or a transaction first (docs/ARCHITECTURE.md). */
export type Db = Kysely<DB> | Transaction<DB>;
export type Trx = Transaction<DB>;
