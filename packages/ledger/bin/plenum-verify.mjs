#!/usr/bin/env node
// plenum-verify (--key <public key> | --fingerprint <hex>) <bundle.json>: checks a Plenum export
// bundle offline (no database, no network); without a pinned key it exits 3. The verifier is
// TypeScript; tsx's loader runs it directly, no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/verify/cli.ts');
process.exitCode = main(process.argv.slice(2));
