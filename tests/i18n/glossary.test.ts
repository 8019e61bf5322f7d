import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES_DIR, loadResources } from "../../bot/i18n.ts";

/**
 * locales/GLOSSARY.md decides one word per thing; its table «Forms to avoid» is read
 * here, and a locale string using one of them fails. What people type (`synonyms`) is
 * exempt: old words must still be understood.
 */
interface Avoided {
  locale: string;
  scope: "chat" | "all";
  avoid: string;
}

export function formsToAvoid(markdown: string): Avoided[] {
  const section = markdown.split(/^## Forms to avoid$/m)[1] ?? "";
  const rows: Avoided[] = [];
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim());
    // | locale | scope | `avoid` | use instead |
    const avoid = /^`(.+)`$/.exec(cells[3] ?? "")?.[1];
    if (!avoid || (cells[2] !== "chat" && cells[2] !== "all")) continue;
    rows.push({ locale: cells[1] ?? "", scope: cells[2], avoid });
  }
  return rows;
}

/** Every string of a locale with where it lives, `synonyms` left out. */
export function stringsOf(locale: string): { where: string; namespace: string; text: string }[] {
  const out: { where: string; namespace: string; text: string }[] = [];
  const visit = (value: unknown, namespace: string, path: string) => {
    if (typeof value === "string") out.push({ where: `${namespace}:${path}`, namespace, text: value });
    else if (value && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) if (key !== "synonyms") visit(inner, namespace, path ? `${path}.${key}` : key);
    }
  };
  for (const [namespace, tree] of Object.entries(loadResources()[locale] ?? {})) visit(tree, namespace, "");
  return out;
}

const glossary = readFileSync(join(LOCALES_DIR, "GLOSSARY.md"), "utf8");
const avoided = formsToAvoid(glossary);

describe("the glossary", () => {
  it("lists forms to avoid for each of the three locales", () => {
    expect(avoided.length).toBeGreaterThan(20);
    expect(new Set(avoided.map((row) => row.locale))).toEqual(new Set(["fr", "ar", "ar-MA"]));
  });

  it.each(["fr", "ar", "ar-MA"])("no %s string uses a form the glossary says to avoid", (locale) => {
    const strings = stringsOf(locale);
    const found: string[] = [];
    for (const row of avoided.filter((candidate) => candidate.locale === locale)) {
      for (const { where, namespace, text } of strings) {
        if (row.scope === "chat" && namespace.startsWith("console")) continue;
        if (text.includes(row.avoid)) found.push(`${where} uses «${row.avoid}»: ${text.slice(0, 80)}`);
      }
    }
    expect(found).toEqual([]);
  });

  it("finds a form to avoid when one is used (the check itself works)", () => {
    const sample = formsToAvoid("## Forms to avoid\n| locale | scope | avoid | use instead |\n|---|---|---|---|\n| ar-MA | chat | `گ` | ڭ |\n");
    expect(sample).toEqual([{ locale: "ar-MA", scope: "chat", avoid: "گ" }]);
  });
});
