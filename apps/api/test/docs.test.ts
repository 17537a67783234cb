import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES } from '@plenum/contracts';
import { describe, expect, it } from 'vitest';

const README = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../../README.md'), 'utf8');

describe('documentation', () => {
  it('the README lists every error code (regenerate with pnpm docs:errors)', () => {
    const missing = Object.keys(ERROR_CODES).filter((code) => !README.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });
});
