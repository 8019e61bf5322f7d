import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import { LANGUAGES } from "../../bot/core/types.ts";
import { PROVINCES, REGIONS } from "../../bot/geography/index.ts";
import { createTranslator, I18N_LOCALE, loadResources } from "../../bot/i18n.ts";
import { errorBody } from "../errors.ts";
import { cacheFor, sendAsset, staticAsset, type StaticAsset } from "../static-assets.ts";

const PAGE_DIR = fileURLToPath(new URL("./page/", import.meta.url));

/** The console's own files, read once at start: no path from the URL reaches the disk. */
const PAGE_FILES = readdirSync(PAGE_DIR).filter((name) => /^[\w-]+\.(js|css)$/.test(name));

/**
 * The UI library, served from node_modules as published (no build step): preact for the
 * components, its hooks, and htm for JSX-like templates in plain JavaScript.
 */
const VENDOR_MODULES: Record<string, string> = { preact: "preact.mjs", "preact/hooks": "preact-hooks.mjs", htm: "htm.mjs" };

/**
 * Namespaces the page shows: its own words, the canned replies in each language, and one
 * `console-<section>` namespace per staff section (broadcasts, funnel, catalogue…).
 */
const isPageNamespace = (ns: string) => ns === "console" || ns === "canned" || ns.startsWith("console-");

/**
 * The page's words in each language: its own namespace, the canned replies, and the
 * labels the chat already has for profile fields (`check:field`) and their values
 * (`eligibility:value`), so a profile reads the same in the console as in the chat.
 */
function pageStrings() {
  const resources = loadResources();
  const translator = createTranslator(resources);
  const namespaces = Object.keys(resources.fr ?? {}).filter(isPageNamespace);
  const byLang = LANGUAGES.map((lang) => {
    const locale = I18N_LOCALE[lang];
    // Each language's own keys (Arabic has plural forms French has not), as written:
    // the page fills placeholders and picks plural forms itself (ui.js).
    const words = namespaces.map((ns) => [ns, (translator.instance.getResourceBundle(locale, ns) ?? {}) as unknown] as const);
    const labels = {
      fields: translator.instance.getResource(locale, "check", "field") as unknown,
      values: translator.instance.getResource(locale, "eligibility", "value") as unknown,
      // One verdict vocabulary: the chat's own labels (eligible, to_check, nearly, not_eligible).
      verdicts: translator.instance.getResource(locale, "check", "verdict") as unknown,
      // Morocco's regions by slug, named in this language: the broadcasts page's segment picker.
      regions: REGIONS.map((region) => ({ slug: region.slug, name: lang === "fr" ? region.fr : region.ar })),
      // …and their provinces, for a call that concerns one province only.
      provinces: PROVINCES.map((province) => ({ slug: province.slug, region: province.region, name: lang === "fr" ? province.fr : province.ar })),
    };
    return [lang, { ...Object.fromEntries(words), ...labels }] as const;
  });
  return Object.fromEntries(byLang);
}

function vendorFile(specifier: string): string {
  return readFileSync(fileURLToPath(import.meta.resolve(specifier)), "utf8");
}

/**
 * `/console`: the advisor console, a few ES modules on preact + htm. The HTML carries an
 * import map (its hash is allowed in the CSP, nothing else inline) so the modules import
 * `preact` by name; everything else comes from this origin only.
 */
export function consolePageRoutes() {
  const files = new Map<string, StaticAsset>();
  const strings = JSON.stringify(pageStrings());
  for (const name of PAGE_FILES) files.set(name, staticAsset(name, readFileSync(join(PAGE_DIR, name), "utf8").replace("/*@STRINGS@*/ {}", () => strings)));
  const vendor = new Map(Object.entries(VENDOR_MODULES).map(([specifier, name]) => [name, staticAsset(name, vendorFile(specifier))]));
  const versioned = (prefix: string, name: string, asset: StaticAsset) => `${prefix}${name}?v=${asset.version}`;
  const importMap = JSON.stringify({
    imports: Object.fromEntries(Object.entries(VENDOR_MODULES).map(([specifier, name]) => [specifier, versioned("/console/vendor/", name, vendor.get(name)!)])),
  });
  const html = readFileSync(join(PAGE_DIR, "index.html"), "utf8")
    .replace("<!--@IMPORTMAP@-->", () => `<script type="importmap">${importMap}</script>`)
    .replace(/(["'])\/console\/([\w.-]+)\1/g, (whole, quote: string, name: string) => {
      const found = files.get(name);
      return found ? `${quote}${versioned("/console/", name, found)}${quote}` : whole;
    });
  const index = staticAsset("index.html", html);
  const mapHash = createHash("sha256").update(importMap).digest("base64");
  const csp = [
    "default-src 'none'",
    `script-src 'self' 'sha256-${mapHash}'`,
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");

  return new Hono()
    .get("/", (c) => {
      c.header("Content-Security-Policy", csp);
      c.header("Referrer-Policy", "no-referrer");
      c.header("X-Robots-Tag", "noindex");
      return sendAsset(c, index, "no-cache");
    })
    .get("/vendor/:file", (c) => {
      const file = vendor.get(c.req.param("file"));
      if (!file) return c.json(errorBody("not_found", `no console file ${c.req.path}`), 404);
      return sendAsset(c, file, cacheFor(c, file));
    })
    .get("/:file", (c) => {
      const file = files.get(c.req.param("file"));
      if (!file) return c.json(errorBody("not_found", `no console file ${c.req.path}`), 404);
      return sendAsset(c, file, cacheFor(c, file));
    });
}
