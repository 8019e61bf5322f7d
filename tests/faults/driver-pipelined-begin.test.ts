import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { isPglite } from "../helpers/database.ts";
import { startTcpProxy } from "./tcp-proxy.ts";

/**
 * patches/postgres+3.4.9.patch sends a transaction's BEGIN with its first statement instead
 * of waiting for BEGIN's answer first: one round trip less for every transaction. What a
 * transaction means must not change with it.
 */
describe.skipIf(isPglite())("transactions of the patched postgres driver", () => {
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let sql: postgres.Sql;
  /** Packets the driver sent, counted by the proxy in front of the server. */
  let packets = 0;

  beforeAll(async () => {
    const server = new URL(inject("databaseUrl"));
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) }, () => ({
      fromClient: () => void (packets += 1),
      fromServer: () => {},
    }));
    const url = new URL(server);
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await sql`create table if not exists pipelined_begin (id int primary key)`;
  });
  afterAll(async () => {
    if (sql) {
      await sql`drop table if exists pipelined_begin`;
      await sql.end();
    }
    await proxy?.close();
  });

  it("sends BEGIN and the first statement in one packet: three round trips for two statements, not four", async () => {
    await sql.begin(async (tx) => [await tx`select 1`, await tx`select 2`]); // the statements are prepared once per connection
    await sql`select 1`;
    packets = 0;
    await sql.begin(async (tx) => {
      await tx`select 1`;
      await tx`select 2`;
    });
    expect(packets).toBe(3);
  });

  it("keeps a transaction one transaction: every statement in it, nothing kept when one fails", async () => {
    const ids = await sql.begin(async (tx) => {
      const [first] = await tx`select txid_current()::text as id`;
      const [second] = await tx`select txid_current()::text as id`;
      return [first?.id, second?.id];
    });
    expect(ids[0]).toBe(ids[1]);

    await expect(
      sql.begin(async (tx) => {
        await tx`insert into pipelined_begin values (1)`;
        await tx`insert into pipelined_begin values (1)`; // duplicate key
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await sql`select id from pipelined_begin`).toHaveLength(0);
  });

  it("keeps concurrent transactions apart on one connection", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        sql.begin(async (tx) => {
          const [first] = await tx`select txid_current()::text as id`;
          await tx`insert into pipelined_begin values (${100 + index})`;
          const [second] = await tx`select txid_current()::text as id`;
          return first?.id === second?.id;
        }),
      ),
    );
    expect(results.every(Boolean)).toBe(true);
    expect(await sql`select id from pipelined_begin where id >= 100`).toHaveLength(20);
  });
});
