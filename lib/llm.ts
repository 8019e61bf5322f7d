import OpenAI from "openai";
import type { Config } from "./config.ts";

/**
 * The language model is optional: without OPENAI_API_KEY every journey works on rules
 * alone. With it (and OPENAI_BASE_URL for any OpenAI-compatible server) the client is
 * shared by the understanding fallback and, later, the project coach. Retries are off:
 * a person is waiting, and every caller falls back on its own.
 */
export function createLlmClient(config: Pick<Config, "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "OPENAI_TIMEOUT_MS">): OpenAI | null {
  if (!config.OPENAI_API_KEY) return null;
  return new OpenAI({
    apiKey: config.OPENAI_API_KEY,
    ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
    timeout: config.OPENAI_TIMEOUT_MS,
    maxRetries: 0,
  });
}

export type CompletionFailure = "timeout" | "refusal" | "http";

/**
 * One structured chat completion with a hard deadline and no retry: the content (JSON
 * text, checked by the caller), or why there is none. A timeout aborts the request.
 */
export async function completeStructured(
  client: OpenAI,
  request: { model: string; messages: OpenAI.Chat.ChatCompletionMessageParam[]; responseFormat: OpenAI.ResponseFormatJSONSchema; timeoutMs: number },
): Promise<{ ok: true; content: string | null | undefined } | { ok: false; reason: CompletionFailure }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  try {
    const completion = await client.chat.completions.create(
      { model: request.model, messages: request.messages, response_format: request.responseFormat, temperature: 0 },
      { timeout: request.timeoutMs, maxRetries: 0, signal: controller.signal },
    );
    const message = completion.choices[0]?.message;
    if (message?.refusal) return { ok: false, reason: "refusal" };
    return { ok: true, content: message?.content };
  } catch (error) {
    const timedOut = controller.signal.aborted || error instanceof OpenAI.APIConnectionTimeoutError || error instanceof OpenAI.APIUserAbortError;
    return { ok: false, reason: timedOut ? "timeout" : "http" };
  } finally {
    clearTimeout(timer);
  }
}
