import { type Compilable, CompiledQuery } from 'kysely';
import type { Trx } from './types.ts';

let cursors = 0;

/**
 * Reads a query's rows in pages of `batch` through a server-side cursor (DECLARE … FETCH), inside
 * the caller's transaction, so a result of any size passes through in constant memory and every
 * page comes from the transaction's snapshot. The cursor is closed when the loop ends, returns
 * early or throws.
 */
export async function* cursorPages<R>(trx: Trx, query: Compilable<R>, batch = 2_000): AsyncGenerator<R[]> {
  const name = `plenum_cursor_${++cursors}`;
  const compiled = query.compile();
  await trx.executeQuery(
    CompiledQuery.raw(`DECLARE ${name} NO SCROLL CURSOR FOR ${compiled.sql}`, [...compiled.parameters]),
  );
  let open = true;
  try {
    for (;;) {
      const { rows } = await trx.executeQuery<R>(CompiledQuery.raw(`FETCH ${batch} FROM ${name}`));
      if (rows.length > 0) yield rows;
      if (rows.length < batch) break;
    }
    open = false;
    await trx.executeQuery(CompiledQuery.raw(`CLOSE ${name}`));
  } finally {
    // On an early return the transaction is still usable; on an error it is being rolled back.
    if (open) await trx.executeQuery(CompiledQuery.raw(`CLOSE ${name}`)).catch(() => {});
  }
}
