import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Context } from "hono";
import { LANGUAGES, type Lang } from "../../bot/core/types.ts";
import { createTranslator, loadResources } from "../../bot/i18n.ts";
import { errorBody } from "../errors.ts";

const PAGE_DIR = fileURLToPath(new URL("../../bot/channels/web/page/", import.meta.url));

/** Only these files are served: a fixed list, so no path from the URL reaches the disk. */
const ASSET_FILES = ["chat.js", "chat-api.js", "chat-stream.js", "chat-strings.js", "chat-view.js", "chat.css"];

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

// The page talks only to its own origin and loads nothing from elsewhere (no CDN, no fonts).
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

interface Asset {
  body: string;
  type: string;
  etag: string;
  version: string;
}

function asset(name: string, body: string): Asset {
  const version = createHash("sha256").update(body).digest("hex").slice(0, 16);
  return { body, type: CONTENT_TYPES[extname(name)] ?? "application/octet-stream", etag: `"${version}"`, version };
}

/** The page's own words, from the `webchat` i18n namespace, for each language. */
function pageStrings(): Record<Lang, Record<string, string>> {
  const translator = createTranslator();
  const keys = Object.keys((loadResources().fr?.webchat ?? {}) as Record<string, unknown>);
  const entries = LANGUAGES.map((lang) => {
    const t = translator.forLang(lang);
    return [lang, Object.fromEntries(keys.map((key) => [key, t(`webchat:${key}`)]))] as const;
  });
  return Object.fromEntries(entries) as Record<Lang, Record<string, string>>;
}

function withStrings(source: string): string {
  return source.replace("/*@STRINGS@*/ {}", () => JSON.stringify(pageStrings()));
}

/**
 * The chat page and its assets, read once at start-up. The page links its assets with a
 * content version (`chat.js?v=…`), so browsers may keep them for a year and still get a
 * new release at once; the page itself is always revalidated.
 */
export function loadChatPage() {
  const assets = new Map(ASSET_FILES.map((name) => [name, asset(name, withStrings(readFileSync(join(PAGE_DIR, name), "utf8")))]));
  const html = readFileSync(join(PAGE_DIR, "index.html"), "utf8").replace(
    /(["'])webchat\/([\w.-]+)\1/g,
    (whole, quote: string, name: string) => {
      const found = assets.get(name);
      return found ? `${quote}webchat/${name}?v=${found.version}${quote}` : whole;
    },
  );
  const index = asset("index.html", html);

  function send(c: Context, file: Asset, cacheControl: string) {
    c.header("Content-Type", file.type);
    c.header("Cache-Control", cacheControl);
    c.header("ETag", file.etag);
    c.header("X-Content-Type-Options", "nosniff");
    if (c.req.header("if-none-match") === file.etag) return c.body(null, 304);
    return c.body(file.body, 200);
  }

  return {
    serveIndex(c: Context) {
      c.header("Content-Security-Policy", PAGE_CSP);
      c.header("Referrer-Policy", "no-referrer");
      return send(c, index, "no-cache");
    },
    serveAsset(c: Context) {
      const file = assets.get(c.req.param("file") ?? "");
      if (!file) return c.json(errorBody("not_found", `no web chat asset ${c.req.path}`), 404);
      const pinned = c.req.query("v") === file.version;
      return send(c, file, pinned ? "public, max-age=31536000, immutable" : "no-cache");
    },
  };
}
