#!/usr/bin/env node
// `pnpm check:cycles`: fails when any module of the workspace imports itself through others.
// It reads every .ts and .svelte file under packages/*/src, apps/api/src and apps/web/src, resolves
// relative imports, `$lib/…` and the workspace packages (`@plenum/domain`, `@plenum/ledger`,
// `@plenum/ledger/verify`, `@plenum/contracts`), type-only imports included (a type cycle still
// ties two modules together), and prints each cycle it finds.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOTS = [
  'packages/domain/src',
  'packages/ledger/src',
  'packages/contracts/src',
  'apps/api/src',
  'apps/web/src',
];
const ALIASES = {
  '@plenum/domain': 'packages/domain/src/index.ts',
  '@plenum/ledger': 'packages/ledger/src/index.ts',
  '@plenum/ledger/verify': 'packages/ledger/src/verify/index.ts',
  '@plenum/contracts': 'packages/contracts/src/index.ts',
};

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (/\.(ts|svelte)$/.test(name) && !/\.d\.ts$/.test(name)) out.push(path);
  }
  return out;
}

function resolveImport(from, spec) {
  let base;
  if (spec in ALIASES) return join(root, ALIASES[spec]);
  if (spec.startsWith('$lib')) base = join(root, 'apps/web/src/lib', spec.slice(4));
  else if (spec.startsWith('.')) base = resolve(dirname(from), spec);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.svelte`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const graph = new Map();
for (const dir of ROOTS) {
  for (const file of files(join(root, dir))) {
    const text = readFileSync(file, 'utf8');
    const deps = new Set();
    for (const match of text.matchAll(IMPORT)) {
      const target = resolveImport(file, match[1] ?? match[2]);
      if (target !== null && target !== file) deps.add(target);
    }
    graph.set(file, deps);
  }
}

// Depth-first search with colours; each back edge closes a cycle.
const state = new Map();
const stack = [];
const cycles = [];
function visit(node) {
  state.set(node, 'open');
  stack.push(node);
  for (const next of graph.get(node) ?? []) {
    if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
    else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(node, 'done');
}
for (const node of graph.keys()) if (!state.has(node)) visit(node);

if (cycles.length === 0) {
  console.log(`No import cycles among ${graph.size} modules.`);
} else {
  for (const cycle of cycles) console.error(`cycle: ${cycle.map((f) => relative(root, f)).join(' → ')}`);
  console.error(`${cycles.length} import cycle(s).`);
  process.exit(1);
}
