import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Context } from "hono";
import { LANGUAGES, type Lang } from "../../bot/core/types.ts";
import { createTranslator, loadResources } from "../../bot/i18n.ts";
import { errorBody } from "../errors.ts";
import { cacheFor, sendAsset, staticAsset } from "../static-assets.ts";

const PAGE_DIR = fileURLToPath(new URL("../../bot/channels/web/page/", import.meta.url));

/** Only these files are served: a fixed list, so no path from the URL reaches the disk. */
const ASSET_FILES = ["chat.js", "chat-api.js", "chat-stream.js", "chat-strings.js", "chat-view.js", "chat.css"];

// The page talks only to its own origin and loads nothing from elsewhere (no CDN, no fonts).
// Only the sites staff allow (WEBCHAT_FRAME_ANCESTORS) may show it in a frame: anyone else
// could dress it up and make people click where they did not mean to.
const pageCsp = (frameAncestors: string) =>
  `default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors ${frameAncestors}`;

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
 * The chat page and its assets, read once at start-up (api/static-assets.ts: versioned
 * links, long caching for pinned files, the page itself always revalidated).
 */
export function loadChatPage(frameAncestors = "'self'") {
  const csp = pageCsp(frameAncestors);
  const assets = new Map(ASSET_FILES.map((name) => [name, staticAsset(name, withStrings(readFileSync(join(PAGE_DIR, name), "utf8")))]));
  const html = readFileSync(join(PAGE_DIR, "index.html"), "utf8").replace(
    /(["'])webchat\/([\w.-]+)\1/g,
    (whole, quote: string, name: string) => {
      const found = assets.get(name);
      return found ? `${quote}webchat/${name}?v=${found.version}${quote}` : whole;
    },
  );
  const index = staticAsset("index.html", html);

  return {
    serveIndex(c: Context) {
      c.header("Content-Security-Policy", csp);
      c.header("Referrer-Policy", "no-referrer");
      return sendAsset(c, index, "no-cache");
    },
    serveAsset(c: Context) {
      const file = assets.get(c.req.param("file") ?? "");
      if (!file) return c.json(errorBody("not_found", `no web chat asset ${c.req.path}`), 404);
      return sendAsset(c, file, cacheFor(c, file));
    },
  };
}
