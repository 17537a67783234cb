import { createHash, timingSafeEqual } from 'node:crypto';
import { DEFAULT_STATUTE, dateOf } from '@plenum/domain';
import type { Random } from '../../deps.ts';
import { requireAssembly } from '../assemblies/assemblies.service.ts';
import type { ServiceContext } from '../context.ts';
import { appendLedger } from '../ledger/ledger.queries.ts';
import { Refusal } from '../refusal.ts';
import { loadRegister, lockAccessCodes, type RegisterMember, upsertCodeHashes } from './auth.queries.ts';

// Crockford's base32: no I, L, O or U, so a code read aloud or typed from a letter is unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_CHARS = 12; // 12 × 5 = 60 bits of entropy

/** A fresh access code such as `7KQM-3XD9-PW2H` (60 random bits). */
export function generateAccessCode(random: Random): string {
  let bits = 0n;
  for (const byte of random.bytes(8)) bits = (bits << 8n) | BigInt(byte);
  let chars = '';
  for (let i = 0; i < CODE_CHARS; i++) chars += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** What a person typed, as stored: case, dashes and spaces do not matter; I/L read as 1, O as 0. */
export function normaliseAccessCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** sha256(assemblyId ‖ memberId ‖ code) in hex; see the auth migration for why not argon2. */
export function hashAccessCode(assemblyId: string, memberId: string, code: string): string {
  return createHash('sha256')
    .update(`${assemblyId}:${memberId}:${normaliseAccessCode(code)}`)
    .digest('hex');
}

export function accessCodeMatches(
  storedHash: string,
  assemblyId: string,
  memberId: string,
  code: string,
): boolean {
  const given = Buffer.from(hashAccessCode(assemblyId, memberId, code), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export interface IssueOptions {
  /** Replace existing codes too (the old ones stop working at once). */
  regenerate?: boolean | undefined;
  /** Only these members (all on the register when absent). */
  memberIds?: readonly string[] | undefined;
}

export type IssuedCode = Omit<RegisterMember, 'hasCode'> & { code: string };

/**
 * Generates access codes for the members on the register who have none for this assembly (or for
 * all of them with `regenerate`), stores only their hashes and returns the codes — the one time
 * they exist in plain text. The ledger records how many were issued, never the codes.
 */
export async function issueAccessCodes(
  ctx: ServiceContext,
  assemblyId: string,
  options: IssueOptions = {},
  by = 'system',
): Promise<IssuedCode[]> {
  return ctx.db.transaction().execute(async (trx) => {
    const assembly = await requireAssembly(trx, assemblyId);
    if (assembly.status === 'closed') {
      throw new Refusal('auth.assembly_closed', 'The assembly is closed; no codes are issued.');
    }
    // Two admins issuing at once must not hand out two different codes for one member.
    await lockAccessCodes(trx, assemblyId);
    const register = await loadRegister(trx, assemblyId, assemblyDay(assembly.starts_at), options.memberIds);
    requireAllOnRegister(register, options.memberIds);
    const targets = options.regenerate ? register : register.filter((m) => !m.hasCode);
    if (targets.length === 0 && register.length > 0) {
      throw new Refusal(
        'auth.codes_already_issued',
        'These members already have access codes; send regenerate: true to replace them.',
        { issued: register.length },
      );
    }
    const at = ctx.clock.now();
    const issued = targets.map(({ hasCode: _, ...m }) => ({ ...m, code: generateAccessCode(ctx.random) }));
    const hashes = issued.map((m) => ({
      memberId: m.memberId,
      codeHash: hashAccessCode(assemblyId, m.memberId, m.code),
    }));
    await upsertCodeHashes(trx, assemblyId, hashes, at);
    if (issued.length > 0) {
      const replaced = targets.filter((m) => m.hasCode).length;
      await appendLedger(trx, [
        { type: 'access_codes.issued', at, assemblyId, payload: { count: issued.length, replaced, by } },
      ]);
    }
    return issued;
  });
}

/** The assembly's day on the cooperative's calendar (the letters print it). */
function assemblyDay(startsAt: Date | string): string {
  return dateOf(new Date(startsAt).toISOString(), DEFAULT_STATUTE.convening.timeZone);
}

function requireAllOnRegister(register: readonly RegisterMember[], memberIds?: readonly string[]): void {
  if (memberIds === undefined) return;
  const found = new Set(register.map((m) => m.memberId));
  const missing = [...new Set(memberIds)].filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new Refusal('member.not_found', 'Some members are not on the register.', {
      memberIds: missing.slice(0, 100),
    });
  }
}

/** How many members of the register hold a code for this assembly (codes cannot be read back). */
export async function accessCodeCounts(ctx: ServiceContext, assemblyId: string) {
  const assembly = await requireAssembly(ctx.db, assemblyId);
  const register = await loadRegister(ctx.db, assemblyId, assemblyDay(assembly.starts_at));
  return { issued: register.filter((m) => m.hasCode).length, members: register.length };
}
