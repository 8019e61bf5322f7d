import { startTcpProxy, type ConnectionTap } from "../faults/tcp-proxy.ts";

/**
 * A TCP proxy in front of PostgreSQL that counts what the application asks of the server,
 * read off the wire protocol (so it sees every driver and pool, and needs no server setting):
 *
 * - statements: client→server simple Query ('Q') and Execute ('E') messages. The `postgres`
 *   driver sends parameterised queries as Parse/Bind/Execute/Sync (or Bind/Execute/Sync once
 *   prepared) and BEGIN as a simple Query; COMMIT and ROLLBACK as an Execute. A describe-only
 *   round trip (Parse/Describe/Sync before the first run of a statement) runs nothing and is
 *   not counted.
 * - commits: transactions the server committed, as PostgreSQL counts them: a CommandComplete
 *   tagged COMMIT, plus every statement that ran in its own implicit transaction (no BEGIN
 *   around it: the server commits it at the Sync). A failed statement or a ROLLBACK commits
 *   nothing. So one INSERT alone is 1 statement and 1 commit; BEGIN, two statements, COMMIT
 *   is 4 statements and 1 commit.
 *
 * - round trips: client→server packets that carry at least one statement. Statements sent
 *   together without waiting for each other's answers (pipelined) travel in one packet and
 *   cost one round trip; a driver that waits for each answer sends one packet each.
 *
 * Counts cover every connection through the proxy, including the driver's own start-up
 * queries (its type lookup): reset() after warming up.
 */
export async function startWireCounter(options: { target: { host: string; port: number } }) {
  let statements = 0;
  let commits = 0;
  let roundTrips = 0;

  const proxy = await startTcpProxy(options.target, (): ConnectionTap => {
    const fromClient = new MessageReader(true);
    const fromServer = new MessageReader(false);
    // The server's state at its last ReadyForQuery: 'I' idle, 'T' in a transaction block,
    // 'E' in a failed one. What completed since then decides what the next one means.
    let status = "I";
    let completedSinceReady = 0;
    let sawCommitTag = false;
    let openedBlock = false;
    fromClient.onMessage = (type) => {
      if (type === "Q" || type === "E") statements += 1;
    };
    fromClient.onSslRequest = () => fromServer.skipBytes(1); // the server answers one byte, 'S' or 'N'
    fromServer.onMessage = (type, body) => {
      if (type === "C") {
        const tag = body.toString("utf8", 0, Math.max(0, body.length - 1));
        completedSinceReady += 1;
        if (tag === "COMMIT") sawCommitTag = true;
        if (tag === "BEGIN" || tag === "START TRANSACTION") openedBlock = true;
      } else if (type === "Z") {
        const next = String.fromCharCode(body[0] ?? 73);
        if (sawCommitTag) commits += 1;
        else if (status === "I" && next === "I" && completedSinceReady > 0 && !openedBlock) commits += 1;
        status = next;
        completedSinceReady = 0;
        sawCommitTag = false;
        openedBlock = false;
      }
    };
    return {
      fromClient: (chunk) => {
        const before = statements;
        fromClient.push(chunk);
        if (statements > before) roundTrips += 1;
      },
      fromServer: (chunk) => fromServer.push(chunk),
    };
  });

  return {
    port: proxy.port,
    counts(): { statements: number; commits: number; roundTrips: number } {
      return { statements, commits, roundTrips };
    },
    reset(): void {
      statements = 0;
      commits = 0;
      roundTrips = 0;
    },
    close: () => proxy.close(),
  };
}

export type WireCounter = Awaited<ReturnType<typeof startWireCounter>>;

const SSL_REQUEST_CODE = 80_877_103;
const GSS_REQUEST_CODE = 80_877_104;

/**
 * Splits one direction of a connection into protocol messages (a type byte, then an Int32
 * length that counts itself), across chunk boundaries. The client's first message, and any
 * SSL/GSS request before it, has no type byte.
 */
class MessageReader {
  onMessage: (type: string, body: Buffer) => void = () => {};
  onSslRequest: () => void = () => {};
  private buffered: Buffer = Buffer.alloc(0);
  private untypedStart: boolean;
  private toSkip = 0;

  constructor(fromClient: boolean) {
    this.untypedStart = fromClient;
  }

  skipBytes(count: number): void {
    this.toSkip += count;
  }

  push(chunk: Buffer): void {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    for (;;) {
      if (this.toSkip > 0) {
        const skipped = Math.min(this.toSkip, this.buffered.length);
        this.buffered = this.buffered.subarray(skipped);
        this.toSkip -= skipped;
        if (this.toSkip > 0) return;
      }
      if (this.untypedStart) {
        if (this.buffered.length < 8) return;
        const length = this.buffered.readInt32BE(0);
        if (this.buffered.length < length) return;
        const code = this.buffered.readInt32BE(4);
        if (code === SSL_REQUEST_CODE || code === GSS_REQUEST_CODE) this.onSslRequest();
        else this.untypedStart = false; // the startup message itself; typed messages follow
        this.buffered = this.buffered.subarray(length);
        continue;
      }
      if (this.buffered.length < 5) return;
      const length = this.buffered.readInt32BE(1);
      if (this.buffered.length < 1 + length) return;
      this.onMessage(String.fromCharCode(this.buffered[0]!), this.buffered.subarray(5, 1 + length));
      this.buffered = this.buffered.subarray(1 + length);
    }
  }
}
