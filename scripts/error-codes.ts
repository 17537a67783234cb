// The README's table of error codes, from packages/contracts. `pnpm docs:errors` prints it;
// `pnpm docs:errors --write` replaces the table in README.md (a test keeps the two in step).
import { readFileSync, writeFileSync } from 'node:fs';
import { ERROR_CODES } from '../packages/contracts/src/index.ts';

const rows = Object.entries(ERROR_CODES)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([code, meaning]) => `| \`${code}\` | ${meaning.replaceAll('|', '\\|')} |`);
const table = ['| Code | Meaning |', '|---|---|', ...rows].join('\n');

if (process.argv.includes('--write')) {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('| Code | Meaning |');
  const end = readme.indexOf('\n\n', start);
  if (start < 0 || end < 0) throw new Error('README.md has no error-code table to replace');
  writeFileSync('README.md', readme.slice(0, start) + table + readme.slice(end));
  console.log(`README.md: ${rows.length} error codes`);
} else {
  console.log(table);
}
