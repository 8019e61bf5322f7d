import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A tiny local stand-in for an OpenAI-compatible chat-completions server, so tests run the
 * real openai SDK end to end. Each test sets how the next answers behave.
 */
export type StubReply =
  | { kind: "json"; content: unknown }
  | { kind: "text"; content: string }
  | { kind: "refusal" }
  | { kind: "status"; status: number }
  | { kind: "hang" }
  /** Thinks for `ms`, then answers as `then` does (a slow model). */
  | { kind: "slow"; ms: number; then: Exclude<StubReply, { kind: "slow" }> };

export interface OpenAiStub {
  baseURL: string;
  /** Bodies the server received, parsed. */
  requests: Array<{ path: string; body: unknown }>;
  reply: StubReply;
  close(): Promise<void>;
}

function completion(message: Record<string, unknown>) {
  return {
    id: "chatcmpl-stub",
    object: "chat.completion",
    created: 1_750_000_000,
    model: "stub-model",
    choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}

export async function startOpenAiStub(): Promise<OpenAiStub> {
  const stub = { requests: [], reply: { kind: "status", status: 500 } } as unknown as OpenAiStub;
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // keep the raw text
      }
      stub.requests.push({ path: req.url ?? "", body });
      const reply = stub.reply;
      if (reply.kind === "slow") {
        setTimeout(() => answer(res, reply.then), reply.ms);
        return;
      }
      answer(res, reply);
    });
  });
  function answer(res: ServerResponse, reply: Exclude<StubReply, { kind: "slow" }>) {
    switch (reply.kind) {
      case "json":
        return send(res, 200, completion({ content: JSON.stringify(reply.content), refusal: null }));
      case "text":
        return send(res, 200, completion({ content: reply.content, refusal: null }));
      case "refusal":
        return send(res, 200, completion({ content: null, refusal: "I can't help with that." }));
      case "status":
        return send(res, reply.status, { error: { message: "stub error", type: "server_error" } });
      case "hang":
        return; // never answers: the caller's timeout must fire
    }
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  stub.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  stub.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return stub;
}

/** The understanding fallback's answer placing a message on the programmes intent, in Darija. */
export const PROGRAMS_ANSWER = {
  intent: "programs",
  confidence: 0.85,
  language: "ary",
  entities: { age: null, place: null, gender: null, amountMad: null, amountUnitClear: null, date: null, time: null },
};
