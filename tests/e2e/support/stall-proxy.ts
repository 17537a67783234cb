import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the server that can go silent: while `stall()`ed it forwards no byte in
 * either direction and closes nothing — open connections (the live stream too) just hear nothing,
 * new ones are accepted and wait, as on a Wi-Fi that drops packets without resetting anything.
 * `resume()` lets everything held back through, in order.
 */
export interface StallProxy {
  readonly baseUrl: string;
  stall(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startStallProxy(target: URL): Promise<StallProxy> {
  let stalled = false;
  const held: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const forward = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => {
      if (stalled) held.push(() => to.write(chunk));
      else to.write(chunk);
    });
    from.on('end', () => (stalled ? held.push(() => to.end()) : to.end()));
    from.on('error', () => to.destroy());
    from.on('close', () => sockets.delete(from));
  };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no proxy port');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
      for (const send of held.splice(0)) send();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
