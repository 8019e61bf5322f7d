import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../api/app.ts";
import { channelIdentities, messages } from "../../db/schema/index.ts";
import { openTestRuntime } from "../helpers/runtime.ts";
import { lastChoiceIds, webChat } from "./web-client.ts";

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  runtime = await openTestRuntime();
  app = createApp(runtime);
});
afterAll(() => runtime.close());

describe("a web chat conversation", () => {
  it("creates a session token of 32 random bytes in base64url", async () => {
    const response = await app.request("/api/v1/webchat/sessions", { method: "POST" });
    expect(response.status).toBe(201);
    const { token } = (await response.json()) as { token: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
  });

  it("answers the start signal with the three language buttons, without their keywords", async () => {
    const chat = await webChat(app);
    const reply = await chat.start();
    expect(reply.duplicate).toBe(false);
    expect(lastChoiceIds(reply.messages)).toEqual(["lang:fr", "lang:ar", "lang:ary"]);
    expect(JSON.stringify(reply)).not.toContain("keywords");
    expect(reply).toMatchObject({ lang: null, dir: "ltr" });
  });

  it("stores the person under the hash of the token, never the token itself", async () => {
    const chat = await webChat(app);
    await chat.start();
    const rows = await runtime.database.db.select().from(channelIdentities).where(eq(channelIdentities.externalId, chat.externalUserId));
    expect(rows).toHaveLength(1);
    const leaked = await runtime.database.db.select().from(channelIdentities).where(like(channelIdentities.externalId, `%${chat.token}%`));
    expect(leaked).toHaveLength(0);
  });

  it("moves on when a button is chosen by id and when a choice is typed as its number", async () => {
    const chat = await webChat(app);
    await chat.start();
    const consent = await chat.choose("lang:fr");
    expect(lastChoiceIds(consent.messages)).toEqual(["consent:yes", "consent:no", "consent:more"]);
    expect(consent).toMatchObject({ lang: "fr", dir: "ltr" });

    const askName = await chat.text("1");
    expect(lastChoiceIds(askName.messages)).toEqual(["name:skip"]);
  });

  it("answers a retried POST with the same replies instead of answering twice", async () => {
    const chat = await webChat(app);
    await chat.start();
    const first = await chat.choose("lang:fr", "retry-me-1");
    const again = await chat.choose("lang:fr", "retry-me-1");
    expect(again.duplicate).toBe(true);
    expect(again.messages.map((message) => message.id)).toEqual(first.messages.map((message) => message.id));
    const history = await chat.history();
    expect(history.messages).toHaveLength(1 + first.messages.length);
  });

  it("keeps the same message id of two visitors apart", async () => {
    const one = await webChat(app);
    const two = await webChat(app);
    const a = await one.text("salam", "same-id-123");
    const b = await two.text("salam", "same-id-123");
    expect(a.duplicate).toBe(false);
    expect(b.duplicate).toBe(false);
  });

  it("marks the replies it returned as sent", async () => {
    const chat = await webChat(app);
    const reply = await chat.start();
    const [row] = await runtime.database.db.select().from(messages).where(eq(messages.id, reply.messages[0]?.id ?? -1));
    expect(row?.status).toBe("sent");
  });

  it("re-asks politely, with a 200, when a button from an earlier question is pressed", async () => {
    const chat = await webChat(app);
    await chat.start();
    await chat.choose("lang:fr");
    const stale = await chat.choose("name:skip");
    expect(stale.messages[0]?.text).toMatch(/n'est plus actif/);
    expect(lastChoiceIds(stale.messages)).toEqual(["consent:yes", "consent:no", "consent:more"]);
  });

  it.each(["ar", "ary"] as const)("reports a right-to-left page once %s is chosen", async (lang) => {
    const chat = await webChat(app);
    await chat.start();
    const reply = await chat.choose(`lang:${lang}`);
    expect(reply).toMatchObject({ lang, dir: "rtl" });
    expect(await chat.history()).toMatchObject({ lang, dir: "rtl" });
  });

  it("reads a text of exactly 10,000 characters and answers that it is too long to read", async () => {
    const chat = await webChat(app);
    await chat.start();
    await chat.choose("lang:fr");
    const reply = await chat.text("a".repeat(10_000));
    expect(reply.messages[0]?.text).toMatch(/très long/);
  });
});
