import { readFileSync } from 'node:fs';
import type { Bundle } from './bundle.ts';
import { verifyBundle } from './verify-bundle.ts';
import { formatViolation } from './violations.ts';

/**
 * plenum-verify [--key <public key>] <bundle.json>
 * Exit codes: 0 the bundle holds, 1 violations (one line each), 2 usage or unreadable file.
 * No database, no network: everything is recomputed from the file.
 */
export function main(argv: readonly string[], out = console.log, err = console.error): number {
  const args = [...argv];
  let key: string | undefined;
  const k = args.indexOf('--key');
  if (k >= 0) {
    key = args[k + 1];
    args.splice(k, 2);
  }
  if (args.length !== 1 || key === '' || (k >= 0 && key === undefined)) {
    err('usage: plenum-verify [--key <base64 or hex public key>] <bundle.json>');
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
    result = verifyBundle(bundle, key === undefined ? {} : { publicKey: key });
  } catch (error) {
    err(`bundle.malformed bundle: ${(error as Error).message}`);
    return 1;
  }
  for (const v of result.violations) err(formatViolation(v));
  const s = result.summary;
  const line = `${s.assembly}: ${s.entries} ledger entries, head seq ${s.head.seq} ${s.head.hash}, ${s.polls} polls, ${s.ballots} ballots, key ${s.fingerprint}`;
  if (result.ok) out(`OK ${line}`);
  else err(`FAILED ${result.violations.length} violation(s) — ${line}`);
  return result.ok ? 0 : 1;
}

if (process.argv[1] !== undefined && /verify[/\\]cli\.ts$/.test(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
