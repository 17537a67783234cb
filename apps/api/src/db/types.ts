import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';

/** Query functions take the database or a transaction first (DESIGN §5.3). */
export type Db = Kysely<DB> | Transaction<DB>;
export type Trx = Transaction<DB>;
