/**
 * S live-stream clients in their own process (so that parsing their events does not slow the
 * load generator, nor the other way round). Each client is one raw http.request on its own
 * socket; only `data:` lines are looked at, and only three fields are read from them by pattern:
 * the poll's id and status and the turnout count. Driven over IPC by bench.ts:
 *   {type:'connect', targets:[{origin, path, token}]} → {type:'connected', ok, failed, firstError}
 *   {type:'report', pollId}                           → {type:'report', open, closed, turnout}
 *   {type:'stop'}
 * Times are wall-clock milliseconds (performance.timeOrigin + performance.now()).
 */
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';

interface Target {
  origin: string;
  path: string;
  token: string;
}

interface PollSeen {
  open: number;
  closed: number;
  /** Flat pairs: voted, time. */
  turnout: number[];
  lastVoted: number;
}

const POLL = /"poll":\{"id":"([0-9a-f-]{36})"[^}]*?"status":"(\w+)"/;
const VOTED = /"voted":(\d+)/;

class Client {
  readonly polls = new Map<string, PollSeen>();
  private buffer = '';
  constructor(readonly index: number) {}

  feed(chunk: string): void {
    this.buffer += chunk;
    let nl = this.buffer.indexOf('\n');
    while (nl >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      if (line.startsWith('data: ')) this.onData(line);
      nl = this.buffer.indexOf('\n');
    }
  }

  private onData(line: string): void {
    const at = performance.timeOrigin + performance.now();
    const poll = POLL.exec(line);
    if (!poll) return;
    const id = poll[1] as string;
    const status = poll[2] as string;
    let seen = this.polls.get(id);
    if (!seen) {
      seen = { open: 0, closed: 0, turnout: [], lastVoted: -1 };
      this.polls.set(id, seen);
    }
    if (status === 'open') {
      if (seen.open === 0) seen.open = at;
      const voted = Number(VOTED.exec(line)?.[1] ?? -1);
      if (voted > seen.lastVoted) {
        seen.lastVoted = voted;
        seen.turnout.push(voted, at);
      }
    } else if ((status === 'closed' || status === 'declared') && seen.closed === 0) seen.closed = at;
  }
}

const clients: Client[] = [];

function connect(target: Target, index: number): Promise<string | null> {
  return new Promise((resolve) => {
    const url = new URL(target.path, target.origin);
    const req = request(
      url,
      {
        agent: false,
        headers: { authorization: `Bearer ${target.token}`, accept: 'text/event-stream' },
      },
      (res) => {
        if (res.statusCode !== 200) {
          resolve(`status ${res.statusCode}`);
          res.resume();
          return;
        }
        const client = new Client(index);
        clients.push(client);
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => client.feed(chunk));
        res.on('error', () => {});
        resolve(null);
      },
    );
    req.on('error', (error) => resolve(error.message));
    req.end();
  });
}

async function connectAll(targets: readonly Target[]): Promise<void> {
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  let next = 0;
  // 100 handshakes at a time: each one is a JWT check and a subscription on the server.
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      for (let i = next++; i < targets.length; i = next++) {
        const error = await connect(targets[i] as Target, i);
        if (error === null) ok += 1;
        else {
          failed += 1;
          firstError ??= error;
        }
      }
    }),
  );
  process.send?.({ type: 'connected', ok, failed, firstError });
}

function report(pollId: string): void {
  const open: number[] = [];
  const closed: number[] = [];
  const turnout: number[] = [];
  for (const c of clients) {
    const seen = c.polls.get(pollId);
    open.push(seen?.open ?? 0);
    closed.push(seen?.closed ?? 0);
    if (seen) turnout.push(...seen.turnout);
    c.polls.delete(pollId);
  }
  process.send?.({ type: 'report', open, closed, turnout });
}

process.on('message', (message: { type: string; targets?: Target[]; pollId?: string }) => {
  if (message.type === 'connect') void connectAll(message.targets ?? []);
  else if (message.type === 'report') report(message.pollId ?? '');
  else if (message.type === 'stop') process.exit(0);
});
process.on('disconnect', () => process.exit(0));
