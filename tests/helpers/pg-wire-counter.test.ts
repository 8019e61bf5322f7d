import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { isPglite } from "./database.ts";
import { startWireCounter, type WireCounter } from "./pg-wire-counter.ts";

// The counter reads PostgreSQL's wire protocol; the embedded database has no socket.
describe.skipIf(isPglite())("the wire counter", () => {
  let counter: WireCounter;
  let sql: postgres.Sql;

  beforeAll(async () => {
    const url = new URL(inject("databaseUrl"));
    counter = await startWireCounter({ target: { host: url.hostname, port: Number(url.port || 5432) } });
    url.host = `127.0.0.1:${counter.port}`;
    sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
    // Opens both connections: each runs the driver's type lookup once, which would be counted.
    await Promise.all([sql`select 1`, sql`select 2`, sql`select 3`]);
  });

  afterAll(async () => {
    await sql?.end({ timeout: 5 });
    await counter?.close();
  });

  it("counts a statement alone as one statement and one commit, prepared or not", async () => {
    counter.reset();
    await sql`select ${1}::int as one`;
    expect(counter.counts()).toMatchObject({ statements: 1, commits: 1 });
    await sql`select ${2}::int as one`; // now prepared: Bind/Execute/Sync
    await sql.unsafe("select 3"); // a simple Query
    expect(counter.counts()).toMatchObject({ statements: 3, commits: 3 });
  });

  it("counts a transaction's statements with BEGIN and COMMIT, and one commit", async () => {
    counter.reset();
    await sql.begin(async (tx) => {
      await tx`select ${1}::int`;
      await tx`select ${2}::int`;
    });
    expect(counter.counts()).toMatchObject({ statements: 4, commits: 1 });
  });

  it("counts no commit for a rolled back transaction or a failed statement", async () => {
    counter.reset();
    await expect(sql.begin(async (tx) => {
      await tx`select ${1}::int`;
      throw new Error("changed my mind");
    })).rejects.toThrow("changed my mind");
    await expect(sql`select 1 / ${0}::int`).rejects.toThrow();
    // BEGIN, select, ROLLBACK; the division
    expect(counter.counts()).toMatchObject({ statements: 4, commits: 0 });
  });

  it("counts pipelined statements from several connections, each in its own implicit transaction", async () => {
    counter.reset();
    await Promise.all(Array.from({ length: 10 }, (_, n) => sql`select ${n}::int`));
    expect(counter.counts()).toMatchObject({ statements: 10, commits: 10 });
  });

  it("counts round trips: statements sent together without waiting travel as one", async () => {
    const url = new URL(inject("databaseUrl"));
    url.host = `127.0.0.1:${counter.port}`;
    const one = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      const transaction = () =>
        one.begin(async (tx) => {
          await tx`select ${1}::int`;
          await tx`select ${2}::int`;
        });
      await transaction(); // prepares the statements on the connection
      counter.reset();
      await transaction();
      // BEGIN goes with the first statement (patches/), the second waits for the first's answer, then COMMIT.
      expect(counter.counts()).toEqual({ statements: 4, commits: 1, roundTrips: 3 });
      counter.reset();
      await Promise.all([one`select ${1}::int`, one`select ${2}::int`, one`select ${3}::int`]);
      expect(counter.counts()).toEqual({ statements: 3, commits: 3, roundTrips: 1 });
    } finally {
      await one.end({ timeout: 5 });
    }
  });
});
