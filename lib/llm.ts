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
