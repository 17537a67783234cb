/** The parent's side of the live-stream clients (sse-clients.ts, a child process over IPC). */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './bench-processes.ts';

export interface SseReport {
  open: number[];
  closed: number[];
  turnout: number[];
}

export interface SseFleet {
  connected: number;
  failed: number;
  firstError: string | undefined;
  report(pollId: string): Promise<SseReport>;
  stop(): Promise<void>;
}

function next<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = () => reject(new Error('the SSE client process exited'));
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Connects `targets.length` clients (spread over the API processes by the caller). */
export async function startSse(
  targets: readonly { origin: string; path: string; token: string }[],
): Promise<SseFleet> {
  const child = fork(join(ROOT, 'tests/load/sse-clients.ts'), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx', '--max-old-space-size=2048'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const connected = next<{ ok: number; failed: number; firstError?: string }>(child, 'connected');
  child.send({ type: 'connect', targets });
  const c = await connected;
  return {
    connected: c.ok,
    failed: c.failed,
    firstError: c.firstError,
    report: async (pollId) => {
      const answer = next<SseReport>(child, 'report');
      child.send({ type: 'report', pollId });
      return answer;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.on('exit', r));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}
