import { Hono, type Context } from "hono";
import { isLang, LANGUAGES, type Lang } from "../../bot/core/types.ts";
import { findPublishedSheet } from "../../db/projects.ts";
import type { AppDeps } from "../deps.ts";
import { renderNotFound, renderSheet } from "./page.ts";
import { SHEET_CSP } from "./style.ts";
import { buildSheetView } from "./view.ts";

/**
 * `/p/<token>`: the project sheet, server-rendered in the person's language (an advisor
 * may add `?lang=fr|ar|ary`). The token is the only key: the page is private, so it is
 * never cached, never indexed, never sends its address on as a referrer, and runs no
 * script. Unknown, malformed and revoked tokens all answer the same 404.
 */
export function sheetRoutes(deps: Pick<AppDeps, "database" | "translator" | "catalogue">) {
  return new Hono().get("/:token", async (c) => {
    privateHeaders(c);
    const sheet = await findPublishedSheet(deps.database.db, c.req.param("token"));
    if (!sheet) {
      return c.html(renderNotFound(LANGUAGES.map((lang) => ({ lang, t: deps.translator.forLang(lang) }))), 404);
    }
    const asked = c.req.query("lang");
    const lang: Lang = isLang(asked) ? asked : isLang(sheet.contact.language) ? sheet.contact.language : "fr";
    const view = buildSheetView(sheet, lang, deps.catalogue.current());
    c.header("Content-Language", lang);
    return c.html(renderSheet(view, deps.translator.forLang(lang)), 200);
  });
}

function privateHeaders(c: Context): void {
  c.header("Cache-Control", "no-store");
  c.header("X-Robots-Tag", "noindex, nofollow");
  c.header("Content-Security-Policy", SHEET_CSP);
  c.header("Referrer-Policy", "no-referrer");
  c.header("X-Content-Type-Options", "nosniff");
}
