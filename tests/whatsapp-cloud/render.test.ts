import { describe, expect, it } from "vitest";
import { render } from "../../bot/channels/whatsapp-cloud/render.ts";
import type { Choice, Lang } from "../../bot/core/types.ts";
import { LANGUAGES } from "../../bot/core/types.ts";
import { createTranslator, I18N_LOCALE, loadResources } from "../../bot/i18n.ts";
import { sendSchema } from "./graph-schema.ts";
import { shapeOf } from "./harness.ts";

const translator = createTranslator();
const t = (lang: Lang = "fr") => translator.forLang(lang);
const choices = (...labels: string[]): Choice[] => labels.map((label, index) => ({ id: `c:${index}`, label }));
const valid = (message: unknown) => sendSchema.safeParse({ messaging_product: "whatsapp", to: "212600000000", ...(message as object) });

describe("shaping messages for the WhatsApp Cloud API", () => {
  it("sends up to three short choices as reply buttons", () => {
    const { messages } = render({ kind: "choices", text: "Votre langue ?", choices: choices("Français", "العربية", "الدارجة") }, t());
    expect(messages).toHaveLength(1);
    expect(shapeOf(messages[0])).toMatchObject({ kind: "button", titles: ["Français", "العربية", "الدارجة"], ids: ["c:0", "c:1", "c:2"] });
  });

  it("sends four to ten choices as a list, and more as numbered lines", () => {
    const five = render({ kind: "choices", text: "Menu", choices: choices("A", "B", "C", "D", "E") }, t());
    expect(shapeOf(five.messages[0])).toMatchObject({ kind: "list", titles: ["A", "B", "C", "D", "E"] });
    const twelve = render({ kind: "choices", text: "Menu", choices: choices(...Array.from({ length: 12 }, (_, i) => `Option ${i + 1}`)) }, t());
    expect(shapeOf(twelve.messages[0])).toMatchObject({ type: "text" });
    expect(shapeOf(twelve.messages[0]).body).toContain("12. Option 12");
  });

  it("shortens a long label on a word, with the whole label in the row's description, and says so", () => {
    const label = "Trouver un programme de financement près de chez moi";
    const { messages, shortened } = render({ kind: "choices", text: "?", choices: choices(label, "Non") }, t());
    const list = (messages[0] as { interactive: { action: { sections: { rows: { title: string; description?: string }[] }[] } } }).interactive;
    const row = list.action.sections[0]!.rows[0]!;
    expect(row.title).toBe("Trouver un programme de…");
    expect(row.description).toBe(label);
    expect(shortened).toEqual([label]);
  });

  it("tells apart rows that would read the same once shortened by their numbers", () => {
    const { messages } = render(
      { kind: "choices", text: "?", choices: choices("Learning Center de Dakhla (Fondation Phosboucraâ)", "Learning Center de Laâyoune (Fondation Phosboucraâ)", "Menu") },
      t(),
    );
    expect(shapeOf(messages[0]).titles).toEqual(["1. Learning Center de…", "2. Learning Center de…", "3. Menu"]);
    expect(valid(messages[0]).success).toBe(true);
  });

  it("keeps the interactive body within 1,024 characters, the text before it going first", () => {
    const long = `${"Une phrase assez longue pour remplir l'écran. ".repeat(40)}Et la question ?`;
    const { messages } = render({ kind: "choices", text: long, choices: choices("Oui", "Non") }, t());
    expect(messages.length).toBeGreaterThan(1);
    expect(shapeOf(messages.at(-1)).kind).toBe("button");
    for (const message of messages) expect(valid(message).success).toBe(true);
  });

  it("sends a link as a call-to-action button where it fits, and as text otherwise", () => {
    const cta = render({ kind: "link", text: "Votre fiche projet", url: "https://rafiq.example/p/abc", label: "Ouvrir la fiche" }, t());
    expect(shapeOf(cta.messages[0])).toMatchObject({ kind: "cta_url", titles: ["Ouvrir la fiche"] });
    const plain = render({ kind: "link", text: "Fichier", url: "webcal://x", label: "Ajouter" }, t());
    expect(shapeOf(plain.messages[0]).body).toContain("webcal://x");
  });

  it("fits every real label of the three languages within Meta's limits, never cutting a word", () => {
    const resources = loadResources();
    for (const lang of LANGUAGES) {
      const labels = new Set<string>();
      const walk = (tree: unknown) => {
        if (typeof tree === "string") {
          // Button labels are short phrases: placeholders filled with a plausible value.
          const label = tree.replace(/\{\{[^}]+\}\}/g, "Khouribga").trim();
          if (label && [...label].length <= 72 && !label.includes("\n")) labels.add(label);
        } else if (tree && typeof tree === "object") for (const value of Object.values(tree)) walk(value);
      };
      walk(resources[I18N_LOCALE[lang]]);
      const all = [...labels];
      expect(all.length).toBeGreaterThan(100);
      for (let start = 0; start < all.length; start += 7) {
        for (const size of [3, 7]) {
          const batch = all.slice(start, start + size);
          const { messages } = render({ kind: "choices", text: "?", choices: choices(...batch) }, t(lang));
          for (const message of messages) {
            const check = valid(message);
            expect(check.success, `${lang}: ${JSON.stringify(batch)} → ${check.error?.message}`).toBe(true);
          }
          const last = shapeOf(messages.at(-1));
          if (last.type !== "interactive") continue;
          last.titles.forEach((numbered, index) => {
            const label = batch[index]!.replace(/\s+/g, " ");
            if (numbered === label) return;
            // Rows that would read the same once shortened carry their number.
            const title = numbered.replace(new RegExp(`^${index + 1}\\. `), "");
            if (title === label) return;
            // Shortened: a prefix of the label ending where a word ends.
            expect(title.endsWith("…"), `${lang}: ${title}`).toBe(true);
            const kept = title.slice(0, -1);
            expect(label.startsWith(kept), `${lang}: ${title} / ${label}`).toBe(true);
            expect([" ", ",", ";", ":", "-", "–", "—"]).toContain(label.slice(kept.length, kept.length + 1) || " ");
          });
        }
      }
    }
  });
});
