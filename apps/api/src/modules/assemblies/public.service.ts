import type { Db } from '../../db/types.ts';
import { Refusal } from '../refusal.ts';
import { findAssemblyByCode, findCurrentAssembly, type PublicAssemblyRow } from './assemblies.queries.ts';
import { normaliseAssemblyCode } from './assembly-code.ts';

function publicView(row: PublicAssemblyRow) {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    place: row.place,
    startsAt: new Date(row.starts_at).toISOString(),
    status: row.status,
  };
}

/** The assembly behind a short code; a code that is malformed or unknown gets the same 404. */
export async function assemblyByCode(db: Db, typed: string) {
  const code = normaliseAssemblyCode(typed);
  const row = code === undefined ? undefined : await findAssemblyByCode(db, code);
  if (!row) throw new Refusal('assembly.code_unknown', 'No assembly has this short code.');
  return publicView(row);
}

/** The assembly the start page names (see findCurrentAssembly), or undefined before the first. */
export async function currentAssembly(db: Db) {
  const row = await findCurrentAssembly(db);
  return row ? publicView(row) : undefined;
}
