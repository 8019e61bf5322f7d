import { spawn, type ChildProcess } from "node:child_process";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BroadcastActor } from "../../bot/broadcast/service.ts";
import { findBroadcast } from "../../db/broadcasts.ts";
import { queryRows } from "../../db/sql.ts";
import { addStaff, openIsolatedDatabase } from "../api/staff-helpers.ts";
import { isPglite } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";
import { startBotApiStub, type BotApiStub } from "../telegram/bot-api-stub.ts";
import { seedPeople, type PersonSpec } from "./people.ts";

const TOKEN = "123456:crash-test";
const PEOPLE = 5_000;
/** Kill the sender once this many Telegram messages went out: well into the broadcast. */
const KILL_AFTER = 700;

let isolated: Awaited<ReturnType<typeof openIsolatedDatabase>>;
let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
let stub: BotApiStub;
const children: ChildProcess[] = [];

// Two processes share one database here: only on PostgreSQL (PGlite is one process's).
describe.skipIf(isPglite())("a broadcast to 5,000 people whose sender is killed with SIGKILL mid-way", () => {
  beforeAll(async () => {
    isolated = await openIsolatedDatabase();
    runtime = await openTestRuntime({}, { database: isolated.database });
    stub = await startBotApiStub(TOKEN);
  });
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await stub?.close();
    await runtime?.close();
    await isolated?.close();
  });

  it("resumes after a restart: nobody gets it twice, nobody is skipped", async () => {
    const specs: PersonSpec[] = Array.from({ length: PEOPLE }, (_, index) =>
      index % 2 === 0
        ? { channel: "telegram", externalId: String(8_000_000 + index), language: (["fr", "ar", "ary"] as const)[index % 3] }
        : { channel: "web", externalId: `web-crash-${index}`, language: "ary" },
    );
    await seedPeople(runtime.database.db, specs);
    const staff = await addStaff(runtime.database, "staff", runtime.clock.now());
    const actor: BroadcastActor = { userId: staff.id, audit: { actorType: "staff", actorId: staff.id, ip: null } };
    const draft = await runtime.broadcasts.create(actor, {
      title: "kill test",
      texts: { fr: "Nouvel appel à candidatures", ar: "دعوة جديدة للترشيح", ary: "كاين عرض جديد" },
      action: "book",
      segment: {},
    });
    await runtime.broadcasts.schedule(actor, draft.id, null);
    await runtime.database.db.transaction((tx) => runtime.broadcasts.start(tx, draft.id));
    expect((await findBroadcast(runtime.database.db, draft.id))?.recipientCount).toBe(PEOPLE);

    const delivered = () => stub.callsTo("sendMessage").filter((call) => call.ok).length;
    const first = await startSender();
    await until(() => delivered() >= KILL_AFTER, 60_000);
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const atKill = delivered();
    expect(atKill).toBeLessThan(PEOPLE / 2);

    await startSender();
    await until(async () => (await findBroadcast(runtime.database.db, draft.id))?.status === "sent", 120_000);

    // Telegram: count what the stub received, per chat.
    const perChat = new Map<string, number>();
    for (const call of stub.callsTo("sendMessage").filter((entry) => entry.ok)) {
      const chat = String(call.payload.chat_id);
      perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
    }
    const statuses = await queryRows<{ channel: string; status: string; n: string | number }>(
      runtime.database.db,
      sql`select channel, status, count(*) as n from broadcast_recipients where broadcast_id = ${draft.id} group by 1, 2`,
    );
    const uncertain = await queryRows<{ external_id: string }>(
      runtime.database.db,
      sql`select i.external_id from broadcast_recipients r join conversations c on c.id = r.conversation_id
          join channel_identities i on i.id = c.identity_id where r.broadcast_id = ${draft.id} and r.status = 'uncertain'`,
    );
    const uncertainChats = new Set(uncertain.map((row) => row.external_id));
    // At most the one send in flight at the kill is in doubt; it is never sent again.
    expect(uncertainChats.size).toBeLessThanOrEqual(1);
    expect([...perChat.values()].every((count) => count === 1)).toBe(true);
    for (const spec of specs.filter((person) => person.channel === "telegram")) {
      if (!uncertainChats.has(spec.externalId)) expect(perChat.get(spec.externalId), spec.externalId).toBe(1);
    }
    // Web chat: exactly one announcement in each conversation.
    const webCounts = await queryRows<{ n: string | number; conversations: string | number }>(
      runtime.database.db,
      sql`select count(*) as n, count(distinct m.conversation_id) as conversations from messages m
          join broadcast_recipients r on r.message_id = m.id where r.broadcast_id = ${draft.id} and r.channel = 'web'`,
    );
    expect(Number(webCounts[0]?.n)).toBe(PEOPLE / 2);
    expect(Number(webCounts[0]?.conversations)).toBe(PEOPLE / 2);
    const sent = statuses.filter((row) => row.status === "sent").reduce((sum, row) => sum + Number(row.n), 0);
    expect(sent + uncertainChats.size).toBe(PEOPLE);
  }, 240_000);
});

async function startSender(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["tests/broadcast/sender-process.ts"], {
    env: { ...process.env, DATABASE_URL: isolated.url, BOT_TOKEN: TOKEN, BOT_API_ROOT: stub.url, RATE_PER_SECOND: "400", LEASE_MS: "2000" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`sender exited with ${code}`)));
  });
  return child;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms`);
}
