#!/usr/bin/env node
// plenum-verify [--key <public key>] <bundle.json>: checks a Plenum export bundle offline (no
// database, no network). The verifier is TypeScript; tsx's loader runs it directly, no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/verify/cli.ts');
process.exitCode = main(process.argv.slice(2));
