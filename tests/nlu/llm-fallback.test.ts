import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLlmFallback, understandWithFallback } from "../../bot/nlu/llm-fallback.ts";
import { decide, understand } from "../../bot/nlu/understand.ts";

/**
 * The real openai SDK against a tiny local stand-in for the chat completions endpoint:
 * each test says how the next answer behaves (good, malformed, slow, refusal, HTTP 500).
 */
type Behaviour = "good" | "risky" | "malformed" | "not-json" | "slow" | "refusal" | "error";

const NOW = new Date("2025-06-11T09:00:00Z");
// Long enough for a busy test machine to answer in time; the hang cases wait this long.
const TIMEOUT_MS = 1_500;
let server: Server;
let baseURL: string;
let behaviour: Behaviour = "good";
const requests: Array<{ path: string; body: string }> = [];

const GOOD_ANSWER = {
  intent: "project",
  confidence: 0.82,
  language: "ary",
  entities: { age: 24, place: "Dakhla", gender: null, amountMad: 20000, amountUnitClear: false, date: null, time: null },
};

function completion(message: Record<string, unknown>) {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: 1_750_000_000,
    model: "stub-model",
    choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk.toString()));
  req.on("end", () => {
    requests.push({ path: req.url ?? "", body });
    switch (behaviour) {
      case "good":
        return answer(res, 200, completion({ content: JSON.stringify(GOOD_ANSWER), refusal: null }));
      case "risky":
        return answer(res, 200, completion({ content: JSON.stringify({ ...GOOD_ANSWER, intent: "delete_data", confidence: 0.99 }), refusal: null }));
      case "malformed":
        return answer(res, 200, completion({ content: JSON.stringify({ ...GOOD_ANSWER, intent: "order_pizza" }), refusal: null }));
      case "not-json":
        return answer(res, 200, completion({ content: "Sure! The intent is project.", refusal: null }));
      case "refusal":
        return answer(res, 200, completion({ content: null, refusal: "I can't help with that." }));
      case "error":
        return answer(res, 500, { error: { message: "boom", type: "server_error" } });
      case "slow":
        setTimeout(() => {
          if (!res.destroyed) answer(res, 200, completion({ content: JSON.stringify(GOOD_ANSWER), refusal: null }));
        }, TIMEOUT_MS * 5);
        return;
    }
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  requests.length = 0;
  behaviour = "good";
});

function fallback() {
  const client = new OpenAI({ apiKey: "test-key", baseURL });
  return createLlmFallback({ client, model: "stub-model", timeoutMs: TIMEOUT_MS });
}

const UNSURE = "smiti Yassine, 06 61 23 45 67, kont baghi chi 7aja l tarbiya dyal lma3z";

describe("the language-model fallback", () => {
  it("returns the model's structured answer, with the place resolved by our geography", async () => {
    const result = await fallback().understand(UNSURE, { now: NOW });
    expect(result).toEqual({
      ok: true,
      intent: "project",
      confidence: 0.82,
      language: "ary",
      entities: { age: 24, province: "oued-ed-dahab", region: "dakhla-oued-ed-dahab", amountMad: 20000, amountUnitClear: false },
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.path).toBe("/v1/chat/completions");
    const sent = JSON.parse(requests[0]?.body ?? "{}") as { model: string; response_format: { type: string; json_schema: { name: string; strict: boolean } }; messages: Array<{ content: string }> };
    expect(sent.model).toBe("stub-model");
    expect(sent.response_format.type).toBe("json_schema");
    expect(sent.response_format.json_schema).toMatchObject({ name: "nlu_answer", strict: true });
    expect(sent.messages[1]?.content).toContain("Wednesday 2025-06-11");
  });

  it("never sends the phone number or the name in the text", async () => {
    await fallback().understand(UNSURE, { now: NOW });
    const body = requests[0]?.body ?? "";
    expect(body).not.toMatch(/06 ?61 ?23 ?45 ?67/);
    expect(body).not.toContain("0661234567");
    expect(body).not.toContain("Yassine");
    expect(body).toContain("[PHONE]");
    expect(body).toContain("[NAME]");
  });

  it.each<[Behaviour, string]>([
    ["malformed", "malformed"],
    ["not-json", "malformed"],
    ["refusal", "refusal"],
    ["error", "http"],
    ["slow", "timeout"],
  ])("falls back to unknown when the answer is %s", async (kind, reason) => {
    behaviour = kind;
    const started = Date.now();
    const result = await fallback().understand(UNSURE, { now: NOW });
    expect(result).toEqual({ ok: false, reason, intent: "unknown", confidence: 0, entities: {} });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 4);
    expect(requests).toHaveLength(1); // no retries: the conversation must not wait
  });

  it("keeps a model's stop or delete_data below the confidence the engine acts on", async () => {
    behaviour = "risky";
    const result = await fallback().understand("baraka 3lia", { now: NOW });
    expect(result).toMatchObject({ ok: true, intent: "delete_data" });
    expect(result.confidence).toBeLessThan(0.8);
  });
});

describe("rules first, the model only when the rules would ask", () => {
  it("does not call the model when the rules are sure", async () => {
    const result = await understandWithFallback("je veux un rdv", { now: NOW, fallback: fallback() });
    expect(result).toMatchObject({ intent: "book", source: "rules" });
    expect(requests).toHaveLength(0);
  });

  it("takes the model's intent and fills only the entities the rules missed", async () => {
    const result = await understandWithFallback("kont baghi n3ref wa7ed l7aja f khouribga", { now: NOW, fallback: fallback() });
    expect(requests).toHaveLength(1);
    expect(result).toMatchObject({ intent: "project", confidence: 0.82, source: "llm", language: "ary", script: "latn" });
    // The rules read Khouribga; the model's Dakhla does not overwrite it. Its age fills a gap.
    expect(result.entities).toMatchObject({ age: 24, province: "khouribga", region: "beni-mellal-khenifra", amountMad: 20000 });
  });

  it("keeps the rules' answer when the model fails", async () => {
    behaviour = "error";
    const text = "kont baghi n3ref wa7ed l7aja";
    const rules = understand(text, { now: NOW });
    expect(decide(rules)).toBe("ask");
    const result = await understandWithFallback(text, { now: NOW, fallback: fallback() });
    expect(requests).toHaveLength(1);
    expect(result).toEqual({ ...rules, source: "rules" });
  });
});
