import { readFileSync } from 'node:fs';
import { isEntryOf } from '../event-types.ts';
import type { Bundle } from './bundle.ts';
import { verifyBundle } from './verify-bundle.ts';
import { formatViolation } from './violations.ts';

const USAGE =
  'usage: plenum-verify (--key <base64 or hex public key> | --fingerprint <hex>) [--head <seq>:<hex>]... <bundle.json>\n' +
  '       without a key or fingerprint only internal consistency is checked (exit 3 when it holds)';

/** Exit code of a bundle that holds internally but was checked against no pinned key. */
export const EXIT_UNPINNED = 3;

/**
 * plenum-verify (--key <public key> | --fingerprint <hex>) [--head <seq>:<hex>]... <bundle.json>
 * `--head` checks a chain head noted in the room (repeatable; the short form is enough).
 * Exit codes: 0 the bundle holds and is signed by the pinned key; 1 violations (one line each);
 * 2 usage or unreadable file; 3 the bundle holds internally but no key was pinned, so anyone who
 * re-signed it with their own key would pass too.
 * No database, no network: everything is recomputed from the file.
 */
export function main(argv: readonly string[], out = console.log, err = console.error): number {
  const args = [...argv];
  const take = (flag: string): string | undefined | null => {
    const i = args.indexOf(flag);
    if (i < 0) return undefined;
    const value = args[i + 1];
    args.splice(i, 2);
    return value === undefined || value === '' || value.startsWith('--') ? null : value;
  };
  const key = take('--key');
  const fingerprint = take('--fingerprint');
  const heads: { seq: number; hash: string }[] = [];
  for (let head = take('--head'); head !== undefined; head = take('--head')) {
    const m = /^(\d+):(.+)$/.exec(head ?? '');
    if (m === null) {
      err(USAGE);
      return 2;
    }
    heads.push({ seq: Number(m[1]), hash: m[2] as string });
  }
  if (args.length !== 1 || key === null || fingerprint === null) {
    err(USAGE);
    return 2;
  }
  let bundle: Bundle;
  try {
    bundle = JSON.parse(readFileSync(args[0] as string, 'utf8')) as Bundle;
  } catch (error) {
    err(`plenum-verify: cannot read ${args[0]}: ${(error as Error).message}`);
    return 2;
  }
  let result: ReturnType<typeof verifyBundle>;
  try {
    result = verifyBundle(bundle, {
      ...(key === undefined ? {} : { publicKey: key }),
      ...(fingerprint === undefined ? {} : { fingerprint }),
      heads,
    });
  } catch (error) {
    err(`bundle.malformed bundle: ${(error as Error).message}`);
    return 1;
  }
  for (const v of result.violations) err(formatViolation(v));
  const s = result.summary;
  const line = `${s.assembly}: ${s.entries} ledger entries, head seq ${s.head.seq} ${s.head.hash}, ${s.polls} polls, ${s.ballots} ballots, key ${s.fingerprint}`;
  if (!result.ok) {
    err(`FAILED ${result.violations.length} violation(s) — ${line}`);
    return 1;
  }
  if (!result.pinned) {
    err('UNPINNED: NO KEY GIVEN — ONLY INTERNAL CONSISTENCY WAS CHECKED.');
    err('  Anyone can re-sign an altered bundle with a key of their own and pass this check.');
    err('  Pin the installation key: --fingerprint <hex> (the "Prüfkennung / Fingerprint" shown on');
    err('  the projector and printed in the minutes) or --key <public key> (GET /api/ledger/key).');
    err(`  Also compare the head with the chain head published in the room and the minutes.`);
    err(`UNPINNED ${line}`);
    return EXIT_UNPINNED;
  }
  out(`OK ${line}`);
  // The heads the room saw: compare them with the projector notes and the minutes (--head).
  for (const e of bundle.ledger.entries)
    if (isEntryOf(e, 'poll.declared') && e.assemblyId === bundle.assembly.id)
      out(`  declared ${String(e.payload.pollId)}: head seq ${e.seq} ${e.hash}`);
  return 0;
}

if (process.argv[1] !== undefined && /verify[/\\]cli\.ts$/.test(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
