import { createHash } from "node:crypto";
import { extname } from "node:path";
import type { Context } from "hono";

/**
 * Files the app serves itself (the web chat, the console), read once at start-up. Each
 * carries a content version: pages link `file?v=<version>`, so browsers may keep a pinned
 * file for a year and still get a new release at once; pages are always revalidated.
 */
export interface StaticAsset {
  body: string;
  type: string;
  etag: string;
  version: string;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

export function staticAsset(name: string, body: string): StaticAsset {
  const version = createHash("sha256").update(body).digest("hex").slice(0, 16);
  return { body, type: CONTENT_TYPES[extname(name)] ?? "application/octet-stream", etag: `"${version}"`, version };
}

export function sendAsset(c: Context, file: StaticAsset, cacheControl: string) {
  c.header("Content-Type", file.type);
  c.header("Cache-Control", cacheControl);
  c.header("ETag", file.etag);
  c.header("X-Content-Type-Options", "nosniff");
  if (c.req.header("if-none-match") === file.etag) return c.body(null, 304);
  return c.body(file.body, 200);
}

/** A year when the URL names the file's version, else revalidate every time. */
export function cacheFor(c: Context, file: StaticAsset): string {
  return c.req.query("v") === file.version ? "public, max-age=31536000, immutable" : "no-cache";
}
