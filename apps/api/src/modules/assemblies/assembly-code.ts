import type { Random } from '../../deps.ts';

/**
 * The short code members type on /join and read off the projector and their letter: six
 * characters from an alphabet without 0, O, 1, I and L, so nothing on paper or a screen can be
 * misread (31^6 ≈ 887 million codes). Unique among the installation's assemblies (a database
 * constraint); drawn at creation, never changed.
 */
export const ASSEMBLY_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ASSEMBLY_CODE_LENGTH = 6;

const BYTE_LIMIT = 256 - (256 % ASSEMBLY_CODE_ALPHABET.length); // no bias towards the first letters

/** A fresh code, uniformly from the alphabet (bytes at or above the limit are drawn again). */
export function generateAssemblyCode(random: Random): string {
  let code = '';
  while (code.length < ASSEMBLY_CODE_LENGTH) {
    for (const byte of random.bytes(ASSEMBLY_CODE_LENGTH * 2)) {
      if (byte >= BYTE_LIMIT || code.length === ASSEMBLY_CODE_LENGTH) continue;
      code += ASSEMBLY_CODE_ALPHABET[byte % ASSEMBLY_CODE_ALPHABET.length];
    }
  }
  return code;
}

/**
 * What a member typed, as stored: case, spaces and dashes do not matter. Returns undefined when
 * it cannot be a code (wrong length or a character outside the alphabet).
 */
export function normaliseAssemblyCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== ASSEMBLY_CODE_LENGTH) return undefined;
  for (const c of code) if (!ASSEMBLY_CODE_ALPHABET.includes(c)) return undefined;
  return code;
}
