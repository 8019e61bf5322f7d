import { createConnection, createServer, type Socket } from "node:net";

/** The startup-phase request codes that are not a startup message (PostgreSQL protocol 3). */
const SSL_REQUEST = 80_877_103;
const GSSENC_REQUEST = 80_877_104;
const CANCEL_REQUEST = 80_877_102;

/**
 * A TCP proxy in front of PostgreSQL that counts, from the wire, the statements clients
 * send — simple-protocol Query ('Q') and extended-protocol Execute ('E') messages — and
 * the transactions the server commits, read from its ReadyForQuery ('Z') answers. It
 * sees the app from outside (whatever the driver or ORM does, each statement crosses
 * here once), without the up-to-10-s lag of pg_stat_database, and forwards every byte
 * unchanged.
 */
export async function startPgWireCounter(target: { host: string; port: number }) {
  let queries = 0;
  let executes = 0;
  let commits = 0;
  const sockets = new Set<Socket>();

  const server = createServer((client) => {
    const upstream = createConnection(target);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    // Before the startup message, the server answers an SSL or GSS request with one untyped byte.
    let untypedAnswers = 0;
    const fromClient = messageReader({
      typed: false,
      onUntyped: (code) => {
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) untypedAnswers += 1;
      },
      onMessage: (type) => {
        if (type === 0x51) queries += 1;
        else if (type === 0x45) executes += 1;
      },
    });
    const transactions = transactionTracker(() => (commits += 1));
    const fromServer = messageReader({ typed: true, untypedBytes: () => (untypedAnswers > 0 ? untypedAnswers-- : 0), onMessage: transactions.onMessage });
    client.on("data", (chunk: Buffer) => {
      fromClient(chunk);
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      fromServer(chunk);
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    port,
    /** Statements sent since the start or the last reset. */
    counts: () => ({ queries, executes, statements: queries + executes, commits }),
    reset() {
      queries = 0;
      executes = 0;
      commits = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Commits, as the server reports them: a ReadyForQuery saying "idle" ends a transaction —
 * an explicit one (the previous said "in a transaction") or the implicit one of a
 * statement run outside a block — and it committed unless an error or a rollback came in between.
 */
function transactionTracker(onCommit: () => void) {
  let previous = 0x49; // 'I'
  let failed = false;
  let completed = false;
  return {
    onMessage(type: number, bodyStart: string) {
      if (type === 0x45) failed = true; // ErrorResponse
      else if (type === 0x43) {
        // CommandComplete; its tag "ROLLBACK" ends a transaction without committing it.
        completed = true;
        if (bodyStart === "RO") failed = true;
      }
      else if (type === 0x5a) {
        const status = bodyStart.charCodeAt(0);
        if (status === 0x49 && !failed && previous !== 0x45 && (previous === 0x54 || completed)) onCommit();
        previous = status;
        failed = false;
        completed = false;
      }
    },
  };
}

/**
 * Splits one direction of a connection into messages and reports each typed message's
 * type byte and the first two bytes of its body. Client side: before the startup message, messages have
 * no type byte (SSL and GSS requests may come first). Server side: an answer to such a
 * request is one untyped byte. Typed messages are a type byte and an int32 length that
 * counts itself. Only headers are buffered; bodies are skipped as they stream past.
 */
function messageReader(options: {
  typed: boolean;
  onMessage: (type: number, bodyStart: string) => void;
  onUntyped?: (code: number) => void;
  untypedBytes?: () => number;
}) {
  let started = options.typed;
  let header = Buffer.alloc(0);
  let skip = 0;
  return (chunk: Buffer) => {
    let offset = 0;
    while (offset < chunk.length) {
      if (skip > 0) {
        const step = Math.min(skip, chunk.length - offset);
        skip -= step;
        offset += step;
        continue;
      }
      if (options.typed && header.length === 0 && (options.untypedBytes?.() ?? 0) > 0) {
        offset += 1;
        continue;
      }
      // Typed: type and length, then up to two body bytes (a ReadyForQuery's status, a command tag's start).
      const lengthKnown = started && header.length >= 5;
      const length = lengthKnown ? header.readInt32BE(1) : 0;
      const headerSize = !started ? 8 : lengthKnown ? 5 + Math.min(2, length - 4) : 5;
      if (header.length < headerSize) {
        const take = Math.min(headerSize - header.length, chunk.length - offset);
        header = Buffer.concat([header, chunk.subarray(offset, offset + take)]);
        offset += take;
        if (header.length < headerSize || (started && header.length === 5 && header.readInt32BE(1) > 4)) continue;
      }
      if (started) {
        const bodyLength = header.readInt32BE(1) - 4;
        options.onMessage(header[0] ?? 0, header.subarray(5).toString("latin1"));
        skip = bodyLength - (header.length - 5);
      } else {
        const code = header.readInt32BE(4);
        options.onUntyped?.(code);
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST && code !== CANCEL_REQUEST) started = true;
        skip = header.readInt32BE(0) - 8;
      }
      header = Buffer.alloc(0);
    }
  };
}
