import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../api/app.ts";
import { handleError } from "../../api/errors.ts";
import { webchatRoutes } from "../../api/webchat/routes.ts";
import { channelIdentities } from "../../db/schema/index.ts";
import { findOpenConversation } from "../../db/identities.ts";
import { insertOutbound } from "../../db/messages.ts";
import { eq } from "drizzle-orm";
import { openTestRuntime } from "../helpers/runtime.ts";
import { readStreamUntil, webChat } from "./web-client.ts";

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  runtime = await openTestRuntime();
  app = createApp(runtime);
});
afterAll(() => runtime.close());

/** The web chat alone, with stream timings chosen by the test. */
function appWithTimings(pollMs: number, heartbeatMs: number) {
  return new Hono().onError(handleError(runtime.log)).route("/", webchatRoutes(runtime, { pollMs, heartbeatMs }));
}

function openStream(target: Pick<Hono, "request">, token: string, after: number) {
  return target.request(`/api/v1/webchat/stream?token=${token}&after=${after}`);
}

describe("web chat history", () => {
  it("is empty, and stores nothing, for a person who never wrote", async () => {
    const chat = await webChat(app);
    expect(await chat.history()).toEqual({ messages: [], cursor: 0, more: false, lang: null, dir: "ltr" });
    const rows = await runtime.database.db.select().from(channelIdentities).where(eq(channelIdentities.externalId, chat.externalUserId));
    expect(rows).toHaveLength(0);
  });

  it("returns only the messages after the cursor, and the cursor to continue from", async () => {
    const chat = await webChat(app);
    const welcome = await chat.start();
    const consent = await chat.choose("lang:fr");
    const all = await chat.history(0);
    expect(all.messages.map((message) => message.id)).toEqual([...welcome.messages, ...consent.messages].map((message) => message.id));
    const lastWelcomeId = welcome.messages.at(-1)?.id ?? 0;
    const after = await chat.history(lastWelcomeId);
    expect(after.messages.map((message) => message.id)).toEqual(consent.messages.map((message) => message.id));
    expect(after.cursor).toBe(consent.messages.at(-1)?.id);
    expect((await chat.history(after.cursor)).messages).toEqual([]);
  });
});

describe("web chat stream", () => {
  it("sends Server-Sent Events, starting with what was said after the cursor", async () => {
    const chat = await webChat(app);
    const welcome = await chat.start();
    const response = await openStream(app, chat.token, 0);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const received = await readStreamUntil(response.body!, /event: message\ndata: .*\nid: \d+\n\n/);
    expect(received).toContain(`id: ${welcome.messages[0]?.id}`);
    expect(received).toContain('"lang:ar"');
    expect(received).not.toContain("keywords");
  });

  it("wakes at once when this process's engine replies, without waiting for a poll", async () => {
    const quiet = appWithTimings(60_000, 60_000);
    const chat = await webChat(quiet);
    const welcome = await chat.start();
    const cursor = welcome.messages.at(-1)?.id ?? 0;
    const response = await openStream(quiet, chat.token, cursor);
    const reading = readStreamUntil(response.body!, /"consent:yes"/, 3_000);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the stream subscribe first
    await chat.choose("lang:fr");
    expect(await reading).toMatch(/event: message/);
  });

  it("polls the database for messages another process wrote", async () => {
    const polling = appWithTimings(50, 60_000);
    const chat = await webChat(polling);
    const welcome = await chat.start();
    const conversationId = await findOpenConversation(runtime.database.db, "web", chat.externalUserId);
    const response = await openStream(polling, chat.token, welcome.messages.at(-1)?.id ?? 0);
    const reading = readStreamUntil(response.body!, /Bonjour, ici Samira/, 3_000);
    // Written straight to the outbox, as an advisor's reply from another process would be: no event here.
    await insertOutbound(runtime.database.db, [
      { conversationId: conversationId!, channel: "web", replyToId: null, author: "advisor", kind: "text", content: { kind: "text", text: "Bonjour, ici Samira" } },
    ]);
    expect(await reading).toMatch(/event: message/);
  });

  it("sends heartbeat comments while nothing happens", async () => {
    const chatty = appWithTimings(60_000, 30);
    const chat = await webChat(chatty);
    const response = await openStream(chatty, chat.token, 0);
    expect(await readStreamUntil(response.body!, /^: ping$/m, 3_000)).toContain("event: ready");
  });

  it("stops listening to the engine as soon as the browser goes away", async () => {
    const quiet = appWithTimings(60_000, 60_000); // so only the disconnect can end the wait
    const chat = await webChat(quiet);
    const before = new Set(runtime.engine.events.listeners("outbound"));
    const response = await openStream(quiet, chat.token, 0);
    const reader = response.body!.getReader();
    await reader.read(); // the "ready" event: the stream is subscribed
    const added = runtime.engine.events.listeners("outbound").filter((listener) => !before.has(listener));
    expect(added).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the stream is now asleep until its next poll
    await reader.cancel();
    await vi.waitFor(() => expect(runtime.engine.events.listeners("outbound")).not.toContain(added[0]), { timeout: 1_000 });
  });
});
