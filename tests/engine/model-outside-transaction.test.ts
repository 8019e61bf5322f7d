import { and, asc, eq, inArray, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { openDatabase, type Database } from "../../db/client.ts";
import { messages } from "../../db/schema/index.ts";
import { queryRows } from "../../db/sql.ts";
import { lastChoices, onboardedChat } from "../helpers/chat.ts";
import { isPglite, openTestDatabase, uniqueUser } from "../helpers/database.ts";
import { PROGRAMS_ANSWER, startOpenAiStub, type OpenAiStub } from "../helpers/openai-stub.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

/**
 * A language model may take seconds. It is asked with no transaction open and no lock
 * held: a pooled connection idle in transaction for the model's whole answer would leave
 * everyone else waiting for a connection. The step then runs under the lock with the
 * answer; what the person wrote meanwhile is handled after it, once, in order.
 */

const UNCLEAR = "hmm lghnem w lma3z dakchi li 9elt";
const THINKING_MS = 1_500;
const POOL_SIZE = 2;

let stub: OpenAiStub;
let database: Database;
let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
const applicationName = `rafiq-model-test-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  stub = await startOpenAiStub();
  if (isPglite()) database = await openTestDatabase();
  else {
    // A pool of two, named, so the test can watch its connections in pg_stat_activity.
    const url = new URL(inject("databaseUrl"));
    url.searchParams.set("application_name", applicationName);
    database = await openDatabase({ databaseUrl: url.toString(), dataDir: "", poolSize: POOL_SIZE });
  }
  runtime = await openTestRuntime(
    { OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: stub.baseURL, OPENAI_MODEL: "stub-model", OPENAI_TIMEOUT_MS: "10000" },
    { database },
  );
});
afterAll(async () => {
  await runtime?.close();
  await database?.close();
  await stub?.close();
});
beforeEach(() => {
  stub.requests.length = 0;
  stub.reply = { kind: "slow", ms: THINKING_MS, then: { kind: "json", content: PROGRAMS_ANSWER } };
});

async function until(check: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.skipIf(isPglite())("while a model thinks, on PostgreSQL", () => {
  let watcher: postgres.Sql;
  beforeAll(() => {
    watcher = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
  });
  afterAll(() => watcher?.end({ timeout: 5 }));

  it("holds no connection: with more people waiting on it than the pool has connections, everyone else is answered at once", async () => {
    const waiting = await Promise.all([1, 2, 3].map(() => onboardedChat(runtime.engine, uniqueUser("thinking"), "ary")));
    const other = await onboardedChat(runtime.engine, uniqueUser("other"), "fr");

    const answers = waiting.map((chat) => chat.text(UNCLEAR));
    await until(() => stub.requests.length === waiting.length);

    const started = performance.now();
    for (let index = 0; index < 3; index += 1) expect(lastChoices(await other.text("menu"))).toContain("cmd:programs");
    const othersMs = performance.now() - started;
    const [idle] = await watcher<{ count: number }[]>`
      select count(*)::int as count from pg_stat_activity
      where application_name = ${applicationName} and state like 'idle in transaction%'`;

    expect(idle?.count).toBe(0);
    expect(othersMs).toBeLessThan(THINKING_MS / 2);
    // The model's answer was used: each of them is now among the programmes.
    for (const replies of await Promise.all(answers)) expect(lastChoices(replies)).toContain("prog:by:need");
  });
});

describe("a message the model is thinking about", () => {
  it("comes before the person's next message, each handled once, with the model's answer used for it", async () => {
    const user = uniqueUser("impatient");
    const chat = await onboardedChat(runtime.engine, user, "ary");
    const first = chat.text(UNCLEAR);
    await until(() => stub.requests.length === 1);
    const second = chat.choose("cmd:help");

    const [firstReplies, secondReplies] = await Promise.all([first, second]);
    expect(lastChoices(firstReplies)).toContain("prog:by:need");
    expect(secondReplies.length).toBeGreaterThan(0);
    expect(stub.requests).toHaveLength(1);

    // Each message handled once; the replies to the first left before those to the second.
    const conversationId = await conversationOf(user);
    const inbound = await database.db
      .select({ id: messages.id, status: messages.status })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "inbound")))
      .orderBy(asc(messages.id));
    expect(inbound.every((row) => row.status === "processed")).toBe(true);
    const [asked, pressed] = inbound.slice(-2);
    const replies = await database.db
      .select({ id: messages.id, replyToId: messages.replyToId })
      .from(messages)
      .where(inArray(messages.replyToId, [asked!.id, pressed!.id]))
      .orderBy(asc(messages.id));
    const order = replies.map((row) => row.replyToId);
    expect(order).toEqual([...order].sort((a, b) => Number(a) - Number(b)));
    expect(new Set(order)).toEqual(new Set([asked!.id, pressed!.id]));
    expect(replies.filter((row) => row.replyToId === asked!.id)).toHaveLength(firstReplies.length);
  });

  it("gets the rules' reading when the conversation moved on before the answer came", async () => {
    const user = uniqueUser("moved-on");
    const chat = await onboardedChat(runtime.engine, user, "ary");
    const first = chat.text(UNCLEAR);
    await until(() => stub.requests.length === 1);
    // The system moves the conversation on meanwhile (as an advisor's takeover or hand-back does).
    const conversationId = await conversationOf(user);
    await database.db.transaction((tx) =>
      runtime.engine.runSystemStep(tx, conversationId, (state) => ({ state: { ...state, data: { ...state.data, moved: true } }, messages: [], effects: [] })),
    );
    const replies = await first;
    expect(lastChoices(replies)).not.toContain("prog:by:need");
    expect(lastChoices(replies)).toContain("cmd:eligibility"); // the menu, asked again
  });

  it("is answered once when another process handles the conversation meanwhile", async () => {
    const user = uniqueUser("two-processes");
    const chat = await onboardedChat(runtime.engine, user, "ary");
    const other = await openTestRuntime({ OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: stub.baseURL, OPENAI_MODEL: "stub-model", OPENAI_TIMEOUT_MS: "10000" }, { database });
    try {
      const first = chat.text(UNCLEAR);
      await until(() => stub.requests.length === 1);
      // Another process's recovery loop picks the conversation up: it asks too, and one answer wins.
      const conversationId = await conversationOf(user);
      await Promise.all([first, other.engine.processConversation(conversationId)]);
      const inbound = await database.db
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "inbound")))
        .orderBy(asc(messages.id));
      const replies = await database.db.select({ id: messages.id }).from(messages).where(eq(messages.replyToId, inbound.at(-1)!.id));
      expect(replies.length).toBe((await first).length);
    } finally {
      await other.close();
    }
  });
});

/** The person's open conversation on the test chat's channel. */
async function conversationOf(user: string): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    database.db,
    sql`select c.id from channel_identities ci join conversations c on c.identity_id = ci.id and c.status <> 'closed'
        where ci.channel = 'cli' and ci.external_id = ${user}`,
  );
  return row!.id;
}
