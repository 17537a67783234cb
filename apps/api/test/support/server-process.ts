import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ENTRY = join(here, '../../src/main.ts');
const TSX = join(here, '../../../../node_modules/.bin/tsx');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * The real server, as `pnpm start` runs it (scripts/start.mjs runs this same entry). With
 * `ownGroup` it runs in a process group of its own, so `killServer` can SIGKILL the server itself
 * and not only the tsx process that started it (a SIGKILL cannot be passed on).
 */
export function startServer(
  env: Record<string, string>,
  port: number,
  options: { ownGroup?: boolean } = {},
): Running {
  let out = '';
  const child = spawn(TSX, [ENTRY], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownGroup === true,
  });
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, port, output: () => out, exited };
}

/** Polls /api/health until the server answers. */
export async function health(port: number, timeoutMs = 60_000): Promise<{ status: number; body: unknown }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      return { status: res.status, body: await res.json() };
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Waits until the server has printed `pattern`. */
export async function waitForOutput(running: Running, pattern: RegExp, timeoutMs = 110_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(running.output())) {
    if (Date.now() > deadline || running.child.exitCode !== null) {
      throw new Error(`server did not print ${pattern}:\n${running.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** SIGKILL to a server started with `ownGroup`: tsx and the server process under it die at once. */
export async function killServer(running: Running): Promise<void> {
  if (running.child.pid === undefined) return;
  process.kill(-running.child.pid, 'SIGKILL');
  await running.exited;
}

export async function stopServer(running: Running): Promise<number | null> {
  running.child.kill('SIGTERM');
  return running.exited;
}
