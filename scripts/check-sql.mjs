#!/usr/bin/env node
// `pnpm check:sql`: SQL lives in `*.queries.ts` files only. Fails when a file under
// apps/api/src/modules or apps/api/src/demo that is not a `*.queries.ts` builds a Kysely query
// (selectFrom, insertInto, updateTable, deleteFrom, …) or writes a sql`…` template, and prints
// each offending file:line. Comments are not read.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOTS = ['apps/api/src/modules', 'apps/api/src/demo'];
const SQL =
  /\.\s*(?:selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto)\s*\(|\bsql\s*(?:<[^`]*?>)?\s*`|\bsql\s*\.\s*(?:raw|ref|join|lit|id|table|val)\s*\(/g;

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (name.endsWith('.ts') && !name.endsWith('.queries.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The text with comments blanked (line breaks kept, so line numbers stay right). */
function withoutComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\/|(^|[^:'"`\\])\/\/[^\n]*/g, (match, before = '') =>
    match.startsWith('/*')
      ? match.replace(/[^\n]/g, ' ')
      : `${before}${' '.repeat(match.length - before.length)}`,
  );
}

const found = [];
for (const dir of ROOTS) {
  for (const file of files(join(root, dir))) {
    const text = withoutComments(readFileSync(file, 'utf8'));
    const lines = text.split('\n');
    const seen = new Set();
    for (const match of text.matchAll(SQL)) {
      const line = text.slice(0, match.index).split('\n').length;
      if (seen.has(line)) continue;
      seen.add(line);
      found.push(`${relative(root, file)}:${line}: ${lines[line - 1]?.trim()}`);
    }
  }
}

if (found.length > 0) {
  console.error(`SQL outside *.queries.ts (move it into the module's queries file):\n${found.join('\n')}`);
  process.exit(1);
}
console.log('check:sql: no SQL outside *.queries.ts');
