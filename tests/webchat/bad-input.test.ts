import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../api/app.ts";
import { openTestRuntime } from "../helpers/runtime.ts";
import { errorSchema, postJson, webChat } from "./web-client.ts";

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
let app: ReturnType<typeof createApp>;
let token: string;
beforeAll(async () => {
  runtime = await openTestRuntime();
  app = createApp(runtime);
  token = (await webChat(app)).token;
});
afterAll(() => runtime.close());

async function expectClientError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = errorSchema.parse(await response.json());
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
}

describe("bad input to the web chat", () => {
  it("refuses malformed JSON with invalid_json", async () => {
    await expectClientError(await postJson(app, '{"token": "abc", '), 400, "invalid_json");
  });

  it("refuses a body that is not JSON with 415", async () => {
    const response = await app.request("/api/v1/webchat/messages", { method: "POST", body: "text=salam" });
    await expectClientError(response, 415, "unsupported_media_type");
  });

  it.each([
    ["an empty object", {}],
    ["wrong types", { token: 42, clientMessageId: 7, text: ["salam"] }],
    ["both a text and a choice", { clientMessageId: "msg-both-1", text: "1", choice: "lang:fr" }],
    ["neither a text, a choice nor start", { clientMessageId: "msg-none-1" }],
    ["start: false", { clientMessageId: "msg-start-f", start: false }],
    ["a payload without start", { clientMessageId: "msg-payload", text: "hi", payload: "khouribga" }],
    ["an unknown field", { clientMessageId: "msg-extra-1", text: "salam", admin: true }],
    ["a too short message id", { clientMessageId: "x", text: "salam" }],
    ["a message id with spaces", { clientMessageId: "has spaces in it", text: "salam" }],
    ["a JSON array", [1, 2, 3]],
    ["JSON null", null],
  ])("refuses %s with invalid_request", async (_name, body) => {
    const withToken = body && typeof body === "object" && !Array.isArray(body) && !("token" in body) ? { token, ...body } : body;
    await expectClientError(await postJson(app, JSON.stringify(withToken)), 400, "invalid_request");
  });

  it("refuses a text of 10,001 characters with text_too_long", async () => {
    await expectClientError(await postJson(app, { token, clientMessageId: "too-long-1", text: "a".repeat(10_001) }), 413, "text_too_long");
  });

  it("refuses a body over 64 KB with payload_too_large", async () => {
    await expectClientError(await postJson(app, { token, clientMessageId: "too-big-1", text: "ب".repeat(40_000) }), 413, "payload_too_large");
  });

  it.each(["abc", "a".repeat(44), `${"a".repeat(42)}=`, `${"a".repeat(42)}/`])("refuses the token %s with invalid_token", async (bad) => {
    await expectClientError(await postJson(app, { token: bad, clientMessageId: "bad-token-1", text: "salam" }), 400, "invalid_token");
    await expectClientError(await app.request(`/api/v1/webchat/messages?token=${encodeURIComponent(bad)}`), 400, "invalid_token");
    await expectClientError(await app.request(`/api/v1/webchat/stream?token=${encodeURIComponent(bad)}`), 400, "invalid_token");
  });

  it.each(["-1", "abc", "1.5", "1e400"])("refuses the cursor after=%s", async (after) => {
    await expectClientError(await app.request(`/api/v1/webchat/messages?token=${token}&after=${after}`), 400, "invalid_request");
  });

  it("refuses a missing token on the history and the stream", async () => {
    await expectClientError(await app.request("/api/v1/webchat/messages"), 400, "invalid_request");
    await expectClientError(await app.request("/api/v1/webchat/stream"), 400, "invalid_request");
  });

  it("refuses text holding a lone surrogate or a NUL with invalid_text, naming the field", async () => {
    for (const text of ["ab\ud800cd", "ab\u0000cd", "\udc00"]) {
      const response = await postJson(app, JSON.stringify({ token, clientMessageId: "broken-text-1", text }));
      await expectClientError(response, 400, "invalid_text");
    }
    await expectClientError(await app.request(`/api/v1/webchat/messages?token=${token}%00`), 400, "invalid_text");
  });

  it("refuses a body whose media type only mentions JSON (a cross-site form's text/plain) with 415", async () => {
    for (const type of ["text/plain; x=application/json", "application/json-patch+json", "application/jsonx", "multipart/form-data; boundary=application/json"]) {
      const response = await app.request("/api/v1/webchat/messages", {
        method: "POST",
        headers: { "content-type": type },
        body: JSON.stringify({ token, clientMessageId: "type-check-1", text: "salam" }),
      });
      await expectClientError(response, 415, "unsupported_media_type");
    }
    const charset = await app.request("/api/v1/webchat/messages", {
      method: "POST",
      headers: { "content-type": "Application/JSON; charset=UTF-8" },
      body: JSON.stringify({ token, clientMessageId: "type-check-2", start: true }),
    });
    expect(charset.status).toBe(200);
  });

  it("cuts off a body larger than 64 KB while it streams in, without a Content-Length", async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode("a".repeat(16 * 1024));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 1_000) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await app.request("/api/v1/webchat/messages", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    await expectClientError(response, 413, "payload_too_large");
    // 16 MB were on offer; reading stopped soon after the 64 KB limit.
    expect(pulled).toBeLessThan(20);
  });

  it("refuses a path holding a NUL or invalid UTF-8 with 400", async () => {
    await expectClientError(await app.request("/p/abc%00def"), 400, "invalid_text");
    await expectClientError(await app.request("/calendar/%ED%A0%80.ics"), 400, "invalid_path");
  });

  it("answers an unknown choice id before any language with the language question again", async () => {
    const chat = await webChat(app);
    const reply = await chat.choose("menu:does-not-exist");
    expect(reply.messages.at(-1)?.choices?.map((choice) => choice.id)).toEqual(["lang:fr", "lang:ar", "lang:ary"]);
  });
});
