/**
 * Export and verify of the assembly after the first trial, when its bundle holds exactly one poll
 * of N ballots (later trials add a poll each): `GET …/export/bundle.json` with the server's peak RSS
 * (VmHWM reset just before), then `pnpm verify --key` on the file in a process of its own.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { call } from './bench-load.ts';
import { memoryOf, ROOT, resetPeak, type ServerProcess } from './bench-processes.ts';
import type { Seeded } from './bench-seed.ts';

const run = promisify(execFile);

export interface ExportResult {
  exportMs: number;
  exportMb: number;
  exportPeakRssMb: number;
  /** The server's RSS just before the export (its live streams and the casts' garbage included). */
  exportRssBeforeMb: number;
  verifyMs: number;
  verifyPeakMb: number;
}

export async function exportAndVerify(
  repeat: number,
  seeded: Seeded,
  server: ServerProcess,
  log: (line: string) => void,
): Promise<ExportResult> {
  const { origin } = server;
  const exportRssBeforeMb = memoryOf(server.pid).rssMb;
  const peakReset = resetPeak(server.pid);
  const exported = await call<string>(
    origin,
    'GET',
    `/api/assemblies/${seeded.assemblyId}/export/bundle.json`,
    {
      token: seeded.staff.auditor,
    },
  );
  const exportPeakRssMb = memoryOf(server.pid).peakMb;
  if (!peakReset) log('note: could not reset VmHWM; the export peak is the process peak');
  const key = await call<{ publicKey: string }>(origin, 'GET', '/api/ledger/key');
  const dir = mkdtempSync(join(tmpdir(), 'plenum-bench-bundle-'));
  const file = join(dir, 'bundle.json');
  writeFileSync(file, exported.text);
  // For profiling the verifier: keep a copy of the bundle (and its key) where the caller asks.
  const keep = process.env.PLENUM_BENCH_KEEP_BUNDLE;
  if (keep) {
    writeFileSync(keep, exported.text);
    writeFileSync(`${keep}.key`, key.body.publicKey);
  }
  let verified: { code: number; ms: number; peakMb: number; output: string[] };
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tests/load/verify-child.ts'), '--key', key.body.publicKey, file],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    verified = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (verified.code !== 0) throw new Error(`verify failed: ${verified.output.join('\n')}`);
  const result: ExportResult = {
    exportMs: exported.ms,
    exportMb: Buffer.byteLength(exported.text) / 1024 / 1024,
    exportPeakRssMb,
    exportRssBeforeMb,
    verifyMs: verified.ms,
    verifyPeakMb: verified.peakMb,
  };
  log(
    `export ${repeat}: ${result.exportMs.toFixed(0)} ms (${result.exportMb.toFixed(1)} MB, server peak RSS ${exportPeakRssMb.toFixed(0)} MB, ${exportRssBeforeMb.toFixed(0)} MB before); verify ${result.verifyMs.toFixed(0)} ms (peak ${result.verifyPeakMb.toFixed(0)} MB): ${verified.output[0] ?? ''}`,
  );
  return result;
}
