import { randomBytes, randomInt } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../api/app.ts";
import { issueApiToken } from "../../api/auth/api-tokens.ts";
import { webhookSecret } from "../../bot/channels/telegram/webhook.ts";
import { createTelegramChannel } from "../../bot/channels/telegram/adapter.ts";
import { createIntake } from "../../bot/core/intake.ts";
import { loadConfig } from "../../lib/config.ts";
import { createLogger } from "../../lib/logger.ts";
import { openTestRuntime } from "../helpers/runtime.ts";
import { startBotApiStub } from "../telegram/bot-api-stub.ts";
import { addStaff } from "./staff-helpers.ts";

/**
 * Random strings and random JSON at every route the app serves (anonymous, and with an
 * admin's token so the staff routes' own parsers are reached too): no answer is a 5xx,
 * and afterwards the server still serves. Paths and queries carry raw random bytes
 * (percent-encoded: NUL, invalid UTF-8, halves of emoji), bodies random JSON (lone
 * surrogates included) or random text, under random content types.
 */

const RUNS = Number(process.env.RANDOM_INPUT_RUNS ?? 300);
const SWEEP_PER_ROUTE = Number(process.env.RANDOM_INPUT_SWEEP ?? 24);
/** fast-check prints its seed on failure; the sweep's is fixed per run and printed too. */
const SEED = Number(process.env.RANDOM_INPUT_SEED ?? Date.now() % 1_000_000);
/** A well-formed web chat token, so bodies get past the token check to the engine. */
const WEB_TOKEN = randomBytes(32).toString("base64url");

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
let app: ReturnType<typeof createApp>;
let adminToken: string;
let webhookSecretToken: string;
let stub: Awaited<ReturnType<typeof startBotApiStub>>;
let routes: { method: string; path: string }[];

beforeAll(async () => {
  runtime = await openTestRuntime();
  const token = `${randomInt(100_000, 999_999)}:TEST-${randomBytes(12).toString("hex")}`;
  stub = await startBotApiStub(token);
  const config = loadConfig({ LOG_LEVEL: "silent", TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: "webhook", TELEGRAM_API_ROOT: stub.url, PUBLIC_URL: "https://rafiq.example.ma" });
  const log = createLogger("silent");
  const telegram = createTelegramChannel(config, { intake: createIntake(runtime.engine, log), log, translator: runtime.translator });
  app = createApp({ ...runtime, config: { ...runtime.config, ...config }, telegramWebhook: telegram.webhookHandler ?? null });
  webhookSecretToken = webhookSecret(token, undefined);
  const admin = await addStaff(runtime.database, "admin", runtime.clock.now());
  adminToken = (await issueApiToken(runtime.database.db, runtime.clock, { name: "random input", userId: admin.id, scope: "admin", expiresInDays: 1 })).token;
  const seen = new Set<string>();
  routes = app.routes
    .filter((route) => route.method !== "ALL" && !route.path.includes("*"))
    .filter((route) => !seen.has(`${route.method} ${route.path}`) && seen.add(`${route.method} ${route.path}`));
});
afterAll(async () => {
  await stub?.close();
  await runtime?.close();
});

/** Raw bytes, each percent-encoded: whatever a client could put in a URL. */
const rawSegment = fc.uint8Array({ minLength: 0, maxLength: 12 }).map((bytes) => Array.from(bytes, (byte) => `%${byte.toString(16).padStart(2, "0")}`).join(""));
const plainSegment = fc.string({ unit: "grapheme-ascii", maxLength: 12 }).map(encodeURIComponent);
const segment = fc.oneof(rawSegment, plainSegment, fc.constantFrom("1", "-1", "00000000-0000-4000-8000-000000000000", "x.ics", "%00", "..", "fr", WEB_TOKEN, "a%00b", "%ED%A0%80"));
const query = fc.array(fc.tuple(fc.constantFrom("lang", "token", "after", "from", "to", "view", "advisor", "groupBy", "status", "need", "hours"), segment), { maxLength: 3 })
  .map((pairs) => (pairs.length ? `?${pairs.map(([key, value]) => `${key}=${value}`).join("&")}` : ""));
const jsonBody = fc.jsonValue({ stringUnit: "binary", maxDepth: 3 }).map((value) => JSON.stringify(value));
/** Objects with the fields real bodies have, holding random values: reaches deeper than pure noise. */
const fieldsBody = fc
  .dictionary(fc.constantFrom("token", "clientMessageId", "text", "choice", "start", "email", "password", "name", "scope", "profile", "lang", "rules", "profiles", "segment", "texts", "status", "reason", "at", "sites", "expiresInDays", "role", "update_id", "message", "callback_query"), fc.jsonValue({ stringUnit: "binary", maxDepth: 2 }), { maxKeys: 5 })
  .map((value) => JSON.stringify(value));
const textBody = fc.string({ unit: "binary", maxLength: 200 });
/** Strings that databases refuse, often. */
const nasty = fc.oneof(fc.string({ unit: "binary", maxLength: 30 }), fc.constantFrom("a\u0000b", "x\ud800y", "\udfff", "", " ", "é".repeat(300)));
/** The shapes real bodies have, with nasty strings where the values go: past the validators, into the queries. */
const shapedBody = fc
  .oneof(
    fc.record({ email: nasty, password: nasty }),
    fc.record({ token: fc.constant(WEB_TOKEN), clientMessageId: fc.constantFrom("random-msg-1", "random-msg-2"), text: nasty }),
    fc.record({ token: fc.constant(WEB_TOKEN), clientMessageId: fc.constant("random-msg-3"), choice: nasty }),
    fc.record({ profile: fc.record({ age: fc.integer(), province: nasty, gender: nasty }), lang: nasty }),
    fc.record({ name: nasty, scope: fc.constantFrom("read", "admin", "x") }),
    fc.record({ email: nasty, name: nasty, role: fc.constantFrom("advisor", "staff"), password: nasty }),
    fc.record({ title: nasty, texts: fc.record({ fr: nasty, ar: nasty, ary: nasty }), action: fc.constant(null), segment: fc.record({ provinces: fc.array(nasty, { maxLength: 2 }) }) }),
    fc.record({ segment: fc.record({ regions: fc.array(nasty, { maxLength: 2 }), languages: fc.array(nasty, { maxLength: 2 }) }) }),
    fc.record({ rules: fc.record({ field: nasty, in: fc.array(nasty, { maxLength: 2 }) }), profiles: fc.array(fc.record({ province: nasty }), { maxLength: 2 }), lang: fc.constant("fr") }),
    fc.record({ text: nasty, clientMessageId: nasty }),
    fc.record({ reason: nasty }),
    fc.record({ update_id: fc.integer(), message: fc.record({ message_id: fc.integer(), date: fc.integer(), chat: fc.record({ id: fc.integer(), type: fc.constant("private") }), from: fc.record({ id: fc.integer(), is_bot: fc.constant(false), first_name: nasty }), text: nasty }) }),
  )
  .map((value) => JSON.stringify(value));
const body = fc.oneof(jsonBody, fieldsBody, shapedBody, shapedBody, textBody, fc.constant(""));
const contentType = fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "text/plain; x=application/json", "application/x-www-form-urlencoded", "", "application/jsonx");

function fill(path: string, values: string[]): string {
  let index = 0;
  return path.replace(/:[A-Za-z]+(\{[^}]*\})?/g, () => values[index++ % values.length] ?? "x");
}

async function call(method: string, url: string, init: { body: string; type: string; auth: "none" | "admin" | "webhook" }) {
  const headers: Record<string, string> = {};
  if (init.type) headers["content-type"] = init.type;
  if (init.auth === "admin") headers.authorization = `Bearer ${adminToken}`;
  if (init.auth === "webhook") headers["x-telegram-bot-api-secret-token"] = webhookSecretToken;
  const controller = new AbortController();
  const response = await app.request(url, { method, headers, signal: controller.signal, ...(method === "GET" || method === "HEAD" ? {} : { body: init.body }) });
  // Live streams never end by themselves: the status is what matters.
  if ((response.headers.get("content-type") ?? "").includes("text/event-stream")) await response.body?.cancel();
  else await response.arrayBuffer();
  controller.abort();
  return response.status;
}

describe("random input at every route", () => {
  it("never answers 5xx, and the server still serves afterwards", async () => {
    console.info(`random input: RANDOM_INPUT_SEED=${SEED} replays the sweep`);
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.some((route) => route.path === "/telegram/webhook")).toBe(true);
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        query,
        body,
        contentType,
        fc.constantFrom("none", "admin", "admin", "webhook"),
        async (route, values, search, payload, type, auth) => {
          const url = `${fill(route.path, values)}${search}`;
          const status = await call(route.method, url, { body: payload, type, auth: auth as "none" | "admin" | "webhook" });
          if (status >= 500) failures.push(`${route.method} ${url} (${type}, ${auth}) body ${JSON.stringify(payload).slice(0, 200)} -> ${status}`);
          return status < 500;
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(failures).toEqual([]);

    // Then every write route with every shape of body, nasty strings inside, as an admin
    // and anonymously: a sweep, so no route is left to chance.
    const writes = routes.filter((route) => route.method !== "GET");
    for (const route of writes) {
      for (const payload of fc.sample(shapedBody, { numRuns: SWEEP_PER_ROUTE, seed: SEED })) {
        for (const auth of ["admin", route.path === "/telegram/webhook" ? "webhook" : "none"] as const) {
          const url = fill(route.path, ["00000000-0000-4000-8000-000000000000"]);
          const status = await call(route.method, url, { body: payload, type: "application/json", auth });
          if (status >= 500) failures.push(`${route.method} ${url} (${auth}) body ${JSON.stringify(payload).slice(0, 200)} -> ${status}`);
        }
      }
    }
    expect(failures).toEqual([]);

    expect((await app.request("/health")).status).toBe(200);
    const session = await app.request("/api/v1/webchat/sessions", { method: "POST" });
    const { token } = (await session.json()) as { token: string };
    const reply = await app.request("/api/v1/webchat/messages", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, clientMessageId: "after-random-1", start: true }) });
    expect(reply.status).toBe(200);
  }, 120_000);
});
