import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../api/app.ts";
import { staffUsers } from "../../db/schema/index.ts";
import { isDatabaseUnavailable } from "../../lib/database-errors.ts";
import { createLogger } from "../../lib/logger.ts";
import { isPglite, openTestDatabase } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";
import { postJson, webChat } from "../webchat/web-client.ts";

/** A logger whose JSON lines land in an array. */
function capturingLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return { log: createLogger("info", {}, sink), lines };
}

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
beforeAll(async () => {
  runtime = await openTestRuntime();
});
afterAll(() => runtime.close());

describe("a failing query's log line", () => {
  it("holds the error code and the statement's name, never the parameters or values", async () => {
    const { log, lines } = capturingLogger();
    const secret = "Fatima Zahra 0612345678 salam";
    const failure = await runtime.database.db.execute(sql`select ${secret}::int as n`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    log.error({ err: failure, conversationId: "c-1" }, "flow step failed");

    const email = `dup-${Date.now()}@rafiq.test`;
    const at = runtime.clock.now();
    const row = { email, name: "Salma", role: "staff" as const, passwordHash: "x", createdAt: at, updatedAt: at };
    await runtime.database.db.insert(staffUsers).values(row);
    const duplicate = await runtime.database.db.insert(staffUsers).values(row).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(Error);
    log.error({ err: duplicate }, "unhandled API error");

    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain("Fatima");
      expect(line).not.toContain("0612345678");
      expect(line).not.toContain(email);
      expect(line).not.toContain("params");
    }
    const [cast, unique] = lines.map((line) => JSON.parse(line));
    expect(cast.err.database).toEqual({ code: "22P02", statement: "select" });
    expect(unique.err.database).toMatchObject({ code: "23505", statement: "insert staff_users" });
    expect(cast.conversationId).toBe("c-1");
  });
});

describe.skipIf(isPglite())("the API while the database is away", () => {
  it("answers 503 with Retry-After (retry with the same message id), and /health says degraded", async () => {
    const chat = await webChat(createApp(runtime));
    const away = await openTestDatabase(1);
    await away.close();
    const { log, lines } = capturingLogger();
    const app = createApp({ ...runtime, database: away, log });

    const message = await postJson(app, { token: chat.token, clientMessageId: "while-away-1", text: "salam" });
    expect(message.status).toBe(503);
    expect(message.headers.get("retry-after")).toBe("2");
    expect(await message.json()).toMatchObject({ error: { code: "unavailable" } });

    const health = await app.request("/health");
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "degraded", database: { ok: false } });
    expect(lines.some((line) => line.includes("salam"))).toBe(false);
  });

  it("tells an unreachable server from a wrong query", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { cause: { code: "ECONNREFUSED" } }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { cause: { code: "57P01", severity: "FATAL" } }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { cause: { code: "23505", severity: "ERROR" } }))).toBe(false);
  });
});
