import type { Context } from "hono";
import type { z } from "zod";
import { AppError } from "../lib/errors.ts";
import { validationError } from "./errors.ts";

/** Largest JSON body any endpoint accepts; chat messages are far smaller. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/**
 * Reads and validates a JSON body: malformed JSON, a wrong content type or wrong field
 * types all become a 4xx with the field named, never an exception escaping a handler.
 */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().includes("application/json")) {
    throw new AppError("unsupported_media_type", "send the body as application/json", 415);
  }
  const raw = await c.req.text();
  if (Buffer.byteLength(raw) > MAX_JSON_BODY_BYTES) {
    throw new AppError("payload_too_large", `the body is larger than ${MAX_JSON_BODY_BYTES} bytes`, 413);
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new AppError("invalid_json", "the body is not valid JSON", 400);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}
