import type { Context } from "hono";
import type { z } from "zod";
import { AppError } from "../lib/errors.ts";
import { validationError } from "./errors.ts";

/** Largest JSON body any endpoint accepts; chat messages are far smaller. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/**
 * Reads and validates a JSON body: malformed JSON, a wrong content type or wrong field
 * types all become a 4xx with the field named, never an exception escaping a handler.
 * The size is enforced while the body streams in (the app-wide body limit, api/app.ts).
 */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  if (!isJsonContentType(c.req.header("content-type"))) {
    throw new AppError("unsupported_media_type", "send the body as application/json", 415);
  }
  const raw = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new AppError("invalid_json", "the body is not valid JSON", 400);
  }
  refuseUnsafeText(body);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const query = c.req.query();
  refuseUnsafeText(query);
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/**
 * The media type itself, not a substring: `text/plain; x=application/json` is a form a
 * cross-site page can send without asking, and must not reach login or any write.
 */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type = "", ...parameters] = header.split(";").map((part) => part.trim().toLowerCase());
  if (type !== "application/json") return false;
  return parameters.every((parameter) => !parameter.startsWith("charset=") || parameter === "charset=utf-8" || parameter === 'charset="utf-8"');
}

/**
 * PostgreSQL refuses U+0000 in text and lone UTF-16 surrogates in jsonb, and neither is
 * anything a person or a program means to send: refuse them with a 400 naming the field,
 * before they reach a query (where they would be a 500).
 */
export function refuseUnsafeText(value: unknown): void {
  const field = unsafeTextPath(value, []);
  if (field !== null) {
    throw new AppError("invalid_text", `${field || "(body)"}: contains a NUL character or a broken character (lone surrogate)`, 400, {
      fields: [{ field: field || "(body)", message: "NUL or lone surrogate" }],
    });
  }
}

const MAX_DEPTH = 64;

function unsafeTextPath(value: unknown, path: (string | number)[]): string | null {
  if (typeof value === "string") return isUnsafe(value) ? path.join(".") : null;
  if (path.length > MAX_DEPTH || typeof value !== "object" || value === null) return null;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  for (const [key, item] of entries) {
    if (typeof key === "string" && isUnsafe(key)) return [...path, key].join(".");
    const found = unsafeTextPath(item, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

function isUnsafe(text: string): boolean {
  return text.includes("\u0000") || !text.isWellFormed();
}
