import { createHash } from "node:crypto";
import { z } from "zod";
import type { Hono } from "hono";

/** The browser's view of the API, parsed: a test fails when a DTO loses its shape. */
export const webMessageSchema = z.strictObject({
  id: z.number().int(),
  kind: z.enum(["text", "choices", "link", "advisor"]),
  text: z.string(),
  choices: z.array(z.strictObject({ id: z.string(), label: z.string() })).optional(),
  url: z.string().optional(),
  linkLabel: z.string().optional(),
  sender: z.string().optional(),
});
export type WebMessageDto = z.output<typeof webMessageSchema>;

const replySchema = z.strictObject({
  messages: z.array(webMessageSchema),
  duplicate: z.boolean(),
  lang: z.enum(["fr", "ar", "ary"]).nullable(),
  dir: z.enum(["ltr", "rtl"]),
});

const historySchema = z.strictObject({
  messages: z.array(webMessageSchema),
  cursor: z.number().int(),
  more: z.boolean(),
  lang: z.enum(["fr", "ar", "ary"]).nullable(),
  dir: z.enum(["ltr", "rtl"]),
});

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

type RequestApp = Pick<Hono, "request">;

let sequence = 0;

/** Plays the web page against the app: one token, fresh message ids unless given. */
export async function webChat(app: RequestApp) {
  const session = await app.request("/api/v1/webchat/sessions", { method: "POST" });
  const { token } = z.object({ token: z.string() }).parse(await session.json());

  async function post(fields: Record<string, unknown>, clientMessageId = `msg-${Date.now()}-${(sequence += 1)}`) {
    const response = await postJson(app, { token, clientMessageId, ...fields });
    if (response.status !== 200) throw new Error(`POST messages: ${response.status} ${await response.text()}`);
    return replySchema.parse(await response.json());
  }

  return {
    token,
    externalUserId: `sha256:${createHash("sha256").update(token).digest("hex")}`,
    start: () => post({ start: true }),
    choose: (choice: string, clientMessageId?: string) => post({ choice }, clientMessageId),
    text: (text: string, clientMessageId?: string) => post({ text }, clientMessageId),
    async history(after = 0) {
      const response = await app.request(`/api/v1/webchat/messages?token=${token}&after=${after}`);
      if (response.status !== 200) throw new Error(`GET messages: ${response.status} ${await response.text()}`);
      return historySchema.parse(await response.json());
    },
  };
}

export function postJson(app: RequestApp, body: unknown) {
  return app.request("/api/v1/webchat/messages", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export function lastChoiceIds(messages: WebMessageDto[]): string[] {
  return messages.findLast((message) => message.kind === "choices")?.choices?.map((choice) => choice.id) ?? [];
}

/** Reads a Server-Sent Events body until `until` matches what arrived, or fails after a while. */
export async function readStreamUntil(body: ReadableStream<Uint8Array>, until: RegExp, timeoutMs = 5_000): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let received = "";
  const deadline = Date.now() + timeoutMs;
  try {
    while (!until.test(received)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`stream did not send ${until} within ${timeoutMs} ms; got: ${received}`);
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`stream timed out; got: ${received}`)), left)),
      ]);
      if (chunk.done) throw new Error(`stream ended before ${until}; got: ${received}`);
      received += decoder.decode(chunk.value, { stream: true });
    }
    return received;
  } finally {
    await reader.cancel();
  }
}
