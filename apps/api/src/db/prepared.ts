import type { CompiledQuery, QueryResult } from 'kysely';
import type pg from 'pg';
import type { Db } from './types.ts';

/**
 * Named prepared statements for the hot paths (the cast). Kysely sends every statement as text
 * with parameters, which PostgreSQL parses and plans on each execution; for a statement run once per
 * ballot that is a good share of the database's CPU. `runPrepared` registers the compiled text
 * under a stable name, and the pg pool's clients (see `preparePoolClient`) execute a registered
 * text as `{ name, text, values }`: parsed once per connection, then only bound and executed.
 * Only texts registered here are named, so the per-connection statement cache stays small and
 * fixed; a text with a varying shape (an IN list) must not be registered. With PGlite nothing
 * changes: the registry is simply not consulted.
 */
const registry = new Map<string, string>();

/** Executes a compiled query as the named prepared statement `name`. */
export async function runPrepared<R>(db: Db, name: string, query: CompiledQuery<R>): Promise<QueryResult<R>> {
  const known = registry.get(query.sql);
  if (known === undefined) {
    if ([...registry.values()].includes(name))
      throw new Error(`prepared statement ${name} is registered with another text`);
    registry.set(query.sql, name);
  }
  return db.executeQuery(query);
}

/** Makes a pool client execute registered texts as named prepared statements. */
export function preparePoolClient(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text === 'string' && args.length <= 2) {
      const name = registry.get(text);
      if (name !== undefined) return query({ name, text, values });
    }
    return query(...args);
  };
}
