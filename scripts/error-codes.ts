// Prints the README's table of error codes from packages/contracts (`pnpm docs:errors`).
import { ERROR_CODES } from '../packages/contracts/src/index.ts';

console.log('| Code | Meaning |\n|---|---|');
for (const [code, meaning] of Object.entries(ERROR_CODES).sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`| \`${code}\` | ${meaning.replaceAll('|', '\\|')} |`);
}
