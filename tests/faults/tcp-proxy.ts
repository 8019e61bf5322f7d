import { createConnection, createServer, type Server, type Socket } from "node:net";

/** Sees the bytes of one proxied connection in each direction, as they pass (read-only). */
export interface ConnectionTap {
  fromClient(chunk: Buffer): void;
  fromServer(chunk: Buffer): void;
}

/**
 * A TCP proxy in front of PostgreSQL that a fault test cuts and restores: cut closes
 * every open connection and stops listening (new connections are refused), as a network
 * cut or a failover does, without touching the machine's PostgreSQL. `tap`, when given,
 * is called once per accepted connection and sees its bytes (the wire counter uses it).
 */
export async function startTcpProxy(target: { host: string; port: number }, tap?: () => ConnectionTap) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;

  function listen(): Promise<void> {
    const next = createServer((client) => {
      const upstream = createConnection({ ...target, noDelay: true });
      // A relay must not hold bytes back (Nagle) that the two ends would have sent at once:
      // a statement pipelined behind another would wait for an acknowledgement here only.
      client.setNoDelay(true);
      sockets.add(client);
      sockets.add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on("error", drop).on("close", drop);
      upstream.on("error", drop).on("close", drop);
      if (tap) {
        const watcher = tap();
        client.on("data", (chunk: Buffer) => watcher.fromClient(chunk));
        upstream.on("data", (chunk: Buffer) => watcher.fromServer(chunk));
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    server = next;
    return new Promise((resolve, reject) => {
      next.once("error", reject);
      next.listen(port, "127.0.0.1", () => {
        const address = next.address();
        port = typeof address === "object" && address ? address.port : port;
        resolve();
      });
    });
  }

  await listen();
  return {
    get port() {
      return port;
    },
    /** Refuses new connections and resets the open ones. */
    async cut(): Promise<void> {
      const closing = server;
      server = null;
      for (const socket of sockets) socket.resetAndDestroy();
      sockets.clear();
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    /** Accepts connections again, on the same port. */
    restore: listen,
    async close(): Promise<void> {
      await this.cut();
    },
  };
}
